#include "core/pki/CertificateValidator.h"

#include "core/pki/X509Bundle.h"

#include <ctime>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace cms::core::pki {

namespace {

using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)>;

void freeCertificates(STACK_OF(X509) * certificates)
{
    sk_X509_pop_free(certificates, X509_free);
}

// What one validation carries into OpenSSL's callback.
struct CallbackState
{
    std::time_t cutoff = 0; // a CRL due before this is past its grace
    bool overdue = false;
};

// Tolerates a CRL past its nextUpdate within the grace, and notes it. Everything else OpenSSL
// refuses stays refused.
int verifyCallback(int ok, X509_STORE_CTX* context)
{
    if (ok == 1 || X509_STORE_CTX_get_error(context) != X509_V_ERR_CRL_HAS_EXPIRED) {
        return ok;
    }
    auto* state = static_cast<CallbackState*>(X509_STORE_CTX_get_app_data(context));
    const X509_CRL* crl = X509_STORE_CTX_get0_current_crl(context);
    const ASN1_TIME* nextUpdate = crl != nullptr ? X509_CRL_get0_nextUpdate(crl) : nullptr;
    if (state == nullptr || nextUpdate == nullptr || X509_cmp_time(nextUpdate, &state->cutoff) < 0) {
        return 0;
    }
    state->overdue = true;
    return 1;
}

std::string dateText(const ASN1_TIME* time)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return "an unknown date";
    }
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

CertificateVerdict verdict(CertificateCause cause, std::string message, std::string detail = {})
{
    return {cause, std::move(message), std::move(detail), false};
}

// OpenSSL's reason, in the user's words.
CertificateVerdict refusal(int error, X509_STORE_CTX* context)
{
    const std::string detail = X509_verify_cert_error_string(error);
    X509* current = X509_STORE_CTX_get_current_cert(context);
    const bool card = X509_STORE_CTX_get_error_depth(context) == 0;
    const std::string whose = card ? "Your card's certificate" : "A certificate your card's certificate depends on";
    switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return verdict(CertificateCause::Expired,
                       whose + " expired on " + dateText(current ? X509_get0_notAfter(current) : nullptr)
                           + ". Ask your badge office for a new one.",
                       detail);
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return verdict(CertificateCause::NotYetValid,
                       whose + " is not valid until " + dateText(current ? X509_get0_notBefore(current) : nullptr)
                           + ". Check this computer's date and time.",
                       detail);
    case X509_V_ERR_CERT_REVOKED:
        return verdict(CertificateCause::Revoked, whose + " has been revoked. Contact your badge office.", detail);
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
        return verdict(CertificateCause::RevocationUnknown,
                       "This computer has no usable list of revoked cards (CRL) for your card's issuer, so your card "
                       "cannot be checked. Connect to the office network so that it is refreshed, or call IT support.",
                       detail);
    case X509_V_ERR_CRL_HAS_EXPIRED:
        return verdict(CertificateCause::RevocationStale,
                       "This computer's list of revoked cards (CRL) is out of date, so your card cannot be checked. "
                       "Connect to the office network so that it is refreshed, or call IT support.",
                       detail);
    case X509_V_ERR_INVALID_PURPOSE:
    case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
        return verdict(CertificateCause::WrongUsage,
                       whose + " is not valid for signing in (it is not meant for client authentication).",
                       detail);
    default:
        return verdict(CertificateCause::UntrustedIssuer,
                       "Your card's certificate was not issued by a certification authority this system trusts.",
                       detail);
    }
}

} // namespace

struct CertificateValidator::Material
{
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), &X509_STORE_free};
    std::unique_ptr<STACK_OF(X509), decltype(&freeCertificates)> intermediates{sk_X509_new_null(), &freeCertificates};
    std::chrono::hours grace{0};
    std::optional<std::chrono::system_clock::time_point> earliestNextUpdate;
};

const char* toString(CertificateCause cause)
{
    switch (cause) {
    case CertificateCause::Valid:
        return "valid";
    case CertificateCause::Expired:
        return "expired";
    case CertificateCause::NotYetValid:
        return "not yet valid";
    case CertificateCause::Revoked:
        return "revoked";
    case CertificateCause::UntrustedIssuer:
        return "untrusted issuer";
    case CertificateCause::WrongUsage:
        return "wrong key usage";
    case CertificateCause::NoCardUuid:
        return "no card UUID";
    case CertificateCause::RevocationUnknown:
        return "revocation unknown";
    case CertificateCause::RevocationStale:
        return "revocation list out of date";
    case CertificateCause::Damaged:
        return "damaged";
    }
    return "unknown";
}

CertificateValidator::CertificateValidator(std::unique_ptr<Material> material)
    : m_material(std::move(material))
{}

CertificateValidator::CertificateValidator(CertificateValidator&&) noexcept = default;
CertificateValidator& CertificateValidator::operator=(CertificateValidator&&) noexcept = default;
CertificateValidator::~CertificateValidator() = default;

Result<CertificateValidator> CertificateValidator::load(const config::PkiSettings& settings)
{
    auto material = std::make_unique<Material>();
    if (!material->store || !material->intermediates) {
        return fail(ErrorCode::Internal, "Out of memory while loading the trust anchors.");
    }
    material->grace = std::chrono::hours(settings.crlGraceHours);
    if (settings.trustAnchors.empty()) {
        return fail(ErrorCode::Config, "The configuration names no trust anchors ([pki] trust_anchors).");
    }
    auto anchors = X509Bundle::readCertificates(settings.trustAnchors, "trust anchors");
    if (!anchors) {
        return std::unexpected(anchors.error());
    }
    if (anchors->empty()) {
        return fail(ErrorCode::Config,
                    "The trust anchors file " + settings.trustAnchors.string() + " holds no certificate.");
    }
    for (const auto& anchor : *anchors) {
        X509_STORE_add_cert(material->store.get(), anchor.get());
    }
    if (!settings.intermediates.empty()) {
        auto intermediates = X509Bundle::readCertificates(settings.intermediates, "intermediate certificates");
        if (!intermediates) {
            return std::unexpected(intermediates.error());
        }
        for (auto& intermediate : *intermediates) {
            sk_X509_push(material->intermediates.get(), intermediate.release());
        }
    }
    // A missing or empty CRL cache is not a configuration error: every validation then says that
    // revocation cannot be checked, which is what the user must hear.
    // A missing or empty CRL cache is not a configuration error: every validation then says that
    // revocation cannot be checked, which is what the user must hear.
    for (const auto& crl : X509Bundle::readCrls(settings.crlCache)) {
        std::tm parts{};
        if (ASN1_TIME_to_tm(X509_CRL_get0_nextUpdate(crl.get()), &parts) == 1) {
            const auto due = std::chrono::system_clock::from_time_t(timegm(&parts));
            if (!material->earliestNextUpdate || due < *material->earliestNextUpdate) {
                material->earliestNextUpdate = due;
            }
        }
        X509_STORE_add_crl(material->store.get(), crl.get());
    }
    X509_STORE_set_flags(material->store.get(),
                         X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL | X509_V_FLAG_X509_STRICT);
    return CertificateValidator(std::move(material));
}

std::optional<std::chrono::system_clock::time_point> CertificateValidator::earliestCrlNextUpdate() const
{
    return m_material->earliestNextUpdate;
}

CertificateVerdict CertificateValidator::validate(const std::vector<std::uint8_t>& der,
                                                  std::chrono::system_clock::time_point at) const
{
    const unsigned char* cursor = der.data();
    X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
    if (!certificate || cursor != der.data() + der.size()) {
        return verdict(CertificateCause::Damaged, "The card's certificate is damaged and cannot be read.");
    }
    StoreCtxPtr context(X509_STORE_CTX_new(), &X509_STORE_CTX_free);
    if (!context
        || X509_STORE_CTX_init(
               context.get(), m_material->store.get(), certificate.get(), m_material->intermediates.get())
               != 1) {
        return verdict(CertificateCause::Damaged, "The card's certificate could not be checked.", "out of memory");
    }
    const std::time_t when = std::chrono::system_clock::to_time_t(at);
    X509_STORE_CTX_set_time(context.get(), 0, when);
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
    CallbackState state{std::chrono::system_clock::to_time_t(at - m_material->grace), false};
    X509_STORE_CTX_set_app_data(context.get(), &state);
    X509_STORE_CTX_set_verify_cb(context.get(), &verifyCallback);
    if (X509_verify_cert(context.get()) != 1) {
        return refusal(X509_STORE_CTX_get_error(context.get()), context.get());
    }
    // PIV Authentication keys sign; a certificate without that key usage is not one.
    if ((X509_get_extension_flags(certificate.get()) & EXFLAG_KUSAGE) == 0
        || (X509_get_key_usage(certificate.get()) & KU_DIGITAL_SIGNATURE) == 0) {
        return verdict(CertificateCause::WrongUsage,
                       "Your card's certificate is not valid for signing in (its key may not sign).",
                       "key usage lacks digitalSignature");
    }
    auto info = CertificateInfo::fromDer(der);
    if (!info) {
        return verdict(CertificateCause::Damaged, info.error().message, info.error().detail);
    }
    if (!info->cardUuid) {
        return verdict(CertificateCause::NoCardUuid,
                       "Your card's certificate carries no card UUID, so it cannot be matched to a person. Contact "
                       "your badge office.");
    }
    auto valid = verdict(CertificateCause::Valid, "The card's certificate is valid.");
    valid.revocationListOverdue = state.overdue;
    return valid;
}

} // namespace cms::core::pki
