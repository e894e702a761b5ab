#include "core/pki/CertificateValidator.h"

#include "core/pki/OpenSslRefusal.h"
#include "core/pki/X509Bundle.h"

#include <algorithm>
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

// A name as a comparable key: its DER encoding.
std::string nameKey(const X509_NAME* name)
{
    unsigned char* der = nullptr;
    const int length = i2d_X509_NAME(name, &der);
    std::string key(length > 0 ? reinterpret_cast<const char*>(der) : "",
                    length > 0 ? static_cast<std::size_t>(length) : 0);
    OPENSSL_free(der);
    return key;
}

CertificateVerdict verdict(CertificateCause cause, std::string message, std::string detail = {})
{
    return {cause, std::move(message), std::move(detail), false, {}};
}

} // namespace

struct CertificateValidator::Material
{
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), &X509_STORE_free};
    std::unique_ptr<STACK_OF(X509), decltype(&freeCertificates)> intermediates{sk_X509_new_null(), &freeCertificates};
    std::chrono::hours grace{0};
    std::optional<std::chrono::system_clock::time_point> earliestNextUpdate;
    std::vector<std::string> deltaOnlyIssuers;

    Result<void> addAnchors(const std::vector<std::filesystem::path>& files)
    {
        if (!store || !intermediates) {
            return fail(ErrorCode::Internal, "Out of memory while loading the trust anchors.");
        }
        for (const auto& file : files) {
            auto anchors = X509Bundle::readCertificates(file, "trust anchors");
            if (!anchors) {
                return std::unexpected(anchors.error());
            }
            if (anchors->empty()) {
                return fail(ErrorCode::Config, "The trust anchors file " + file.string() + " holds no certificate.");
            }
            for (const auto& anchor : *anchors) {
                X509_STORE_add_cert(store.get(), anchor.get());
            }
        }
        return {};
    }

    Result<void> addIntermediates(const std::vector<std::filesystem::path>& files)
    {
        for (const auto& file : files) {
            auto certificates = X509Bundle::readCertificates(file, "intermediate certificates");
            if (!certificates) {
                return std::unexpected(certificates.error());
            }
            for (auto& certificate : *certificates) {
                sk_X509_push(intermediates.get(), certificate.release());
            }
        }
        return {};
    }

    void addCrls(std::vector<X509CrlPtr> crls)
    {
        for (const auto& crl : crls) {
            // Delta CRLs are not processed (their indicator is critical): kept aside so that a
            // certificate whose only revocation data is one is refused for that reason.
            if (X509_CRL_get_ext_by_NID(crl.get(), NID_delta_crl, -1) >= 0) {
                deltaOnlyIssuers.push_back(nameKey(X509_CRL_get_issuer(crl.get())));
                continue;
            }
            std::tm parts{};
            if (ASN1_TIME_to_tm(X509_CRL_get0_nextUpdate(crl.get()), &parts) == 1) {
                const auto due = std::chrono::system_clock::from_time_t(timegm(&parts));
                if (!earliestNextUpdate || due < *earliestNextUpdate) {
                    earliestNextUpdate = due;
                }
            }
            X509_STORE_add_crl(store.get(), crl.get());
        }
    }

    void finish(int graceHours)
    {
        grace = std::chrono::hours(graceHours);
        X509_STORE_set_flags(store.get(), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    }
};

CertificateValidator::CertificateValidator(std::unique_ptr<Material> material)
    : m_material(std::move(material))
{}

CertificateValidator::CertificateValidator(CertificateValidator&&) noexcept = default;
CertificateValidator& CertificateValidator::operator=(CertificateValidator&&) noexcept = default;
CertificateValidator::~CertificateValidator() = default;

Result<CertificateValidator> CertificateValidator::load(const config::PkiSettings& settings)
{
    if (settings.trustAnchors.empty()) {
        return fail(ErrorCode::Config, "The configuration names no trust anchors ([pki] trust_anchors).");
    }
    auto material = std::make_unique<Material>();
    if (auto added = material->addAnchors({settings.trustAnchors}); !added) {
        return std::unexpected(added.error());
    }
    if (!settings.intermediates.empty()) {
        if (auto added = material->addIntermediates({settings.intermediates}); !added) {
            return std::unexpected(added.error());
        }
    }
    // A missing or empty CRL cache is not a configuration error: every validation then says that
    // revocation cannot be checked, which is what the user must hear.
    material->addCrls(X509Bundle::readCrls(settings.crlCache));
    material->finish(settings.crlGraceHours);
    return CertificateValidator(std::move(material));
}

Result<CertificateValidator> CertificateValidator::load(const TrustMaterialFiles& files)
{
    if (files.trustAnchors.empty()) {
        return fail(ErrorCode::Config, "Name at least one trust anchor.");
    }
    auto material = std::make_unique<Material>();
    if (auto added = material->addAnchors(files.trustAnchors); !added) {
        return std::unexpected(added.error());
    }
    if (auto added = material->addIntermediates(files.intermediates); !added) {
        return std::unexpected(added.error());
    }
    for (const auto& file : files.crls) {
        auto crls = X509Bundle::readCrlFile(file);
        if (!crls) {
            return std::unexpected(crls.error());
        }
        material->addCrls(std::move(*crls));
    }
    material->finish(files.crlGraceHours);
    return CertificateValidator(std::move(material));
}

std::optional<std::chrono::system_clock::time_point> CertificateValidator::earliestCrlNextUpdate() const
{
    return m_material->earliestNextUpdate;
}

CertificateVerdict CertificateValidator::validate(const std::vector<std::uint8_t>& der,
                                                  std::chrono::system_clock::time_point at,
                                                  ValidationProfile profile) const
{
    const unsigned char* cursor = der.data();
    X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
    if (!certificate || cursor != der.data() + der.size()) {
        return verdict(CertificateCause::Damaged, "The card's certificate is damaged and cannot be read.");
    }
    const auto concerning = [&](CertificateVerdict made) {
        made.concerns = OpenSslRefusal::describe(certificate.get());
        return made;
    };
    StoreCtxPtr context(X509_STORE_CTX_new(), &X509_STORE_CTX_free);
    if (!context
        || X509_STORE_CTX_init(
               context.get(), m_material->store.get(), certificate.get(), m_material->intermediates.get())
               != 1) {
        return concerning(
            verdict(CertificateCause::Damaged, "The card's certificate could not be checked.", "out of memory"));
    }
    const std::time_t when = std::chrono::system_clock::to_time_t(at);
    X509_STORE_CTX_set_time(context.get(), 0, when);
    if (profile == ValidationProfile::PivAuthentication) {
        // Beyond RFC 5280's path rules, the issuing profile's (critical basic constraints, key
        // identifiers, ...): what the Federal PKI's certificates meet. Path-only checks do not.
        X509_STORE_CTX_set_flags(context.get(), X509_V_FLAG_X509_STRICT);
        X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
    }
    CallbackState state{std::chrono::system_clock::to_time_t(at - m_material->grace), false};
    X509_STORE_CTX_set_app_data(context.get(), &state);
    X509_STORE_CTX_set_verify_cb(context.get(), &verifyCallback);
    if (X509_verify_cert(context.get()) != 1) {
        int error = X509_STORE_CTX_get_error(context.get());
        const X509* current = X509_STORE_CTX_get_current_cert(context.get());
        if (error == X509_V_ERR_UNABLE_TO_GET_CRL && current != nullptr
            && std::ranges::find(m_material->deltaOnlyIssuers, nameKey(X509_get_issuer_name(current)))
                   != m_material->deltaOnlyIssuers.end()) {
            error = X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION; // only a delta CRL, which is not processed
        }
        return OpenSslRefusal::verdictFor(error, context.get());
    }
    if (profile == ValidationProfile::PivAuthentication) {
        // PIV Authentication keys sign; a certificate without that key usage is not one.
        if ((X509_get_extension_flags(certificate.get()) & EXFLAG_KUSAGE) == 0
            || (X509_get_key_usage(certificate.get()) & KU_DIGITAL_SIGNATURE) == 0) {
            return concerning(verdict(CertificateCause::WrongUsage,
                                      "Your card's certificate is not valid for signing in (its key may not sign).",
                                      "key usage lacks digitalSignature"));
        }
        auto info = CertificateInfo::fromDer(der);
        if (!info) {
            return concerning(verdict(CertificateCause::Damaged, info.error().message, info.error().detail));
        }
        if (!info->cardUuid) {
            return concerning(verdict(CertificateCause::NoCardUuid,
                                      "Your card's certificate carries no card UUID, so it cannot be matched to a "
                                      "person. Contact your badge office."));
        }
    }
    auto valid = concerning(verdict(CertificateCause::Valid, "The card's certificate is valid."));
    valid.revocationListOverdue = state.overdue;
    return valid;
}

} // namespace cms::core::pki
