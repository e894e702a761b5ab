#include "core/pki/OpenSslRefusal.h"

#include <ctime>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/x509_vfy.h>

namespace cms::core::pki {

namespace {

std::string nameText(const X509_NAME* name)
{
    if (name == nullptr) {
        return {};
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return {data, static_cast<std::size_t>(size)};
}

CertificateVerdict verdict(CertificateCause cause, std::string message, std::string detail)
{
    return {cause, std::move(message), std::move(detail), false, {}};
}

constexpr const char* kRefreshAdvice = " Connect to the office network so that it is refreshed, or call IT support.";

} // namespace

std::string OpenSslRefusal::dateText(const ASN1_TIME* time)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return "an unknown date";
    }
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

ConcernedCertificate OpenSslRefusal::describe(const X509* certificate)
{
    if (certificate == nullptr) {
        return {};
    }
    ConcernedCertificate concerned{
        nameText(X509_get_subject_name(certificate)), nameText(X509_get_issuer_name(certificate)), {}};
    if (BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr); serial != nullptr) {
        if (char* hex = BN_bn2hex(serial); hex != nullptr) {
            concerned.serial = hex;
            OPENSSL_free(hex);
        }
        BN_free(serial);
    }
    return concerned;
}

CertificateVerdict OpenSslRefusal::verdictFor(int error, X509_STORE_CTX* context)
{
    const std::string detail = X509_verify_cert_error_string(error);
    X509* current = X509_STORE_CTX_get_current_cert(context);
    const bool card = X509_STORE_CTX_get_error_depth(context) == 0;
    const std::string whose = card ? "Your card's certificate" : "A certificate your card's certificate depends on";
    auto made = [&]() -> CertificateVerdict {
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
        case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
        case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
            return verdict(CertificateCause::SignatureInvalid,
                           whose
                               + " carries a signature that does not verify: it may be forged or damaged. "
                                 "Contact your badge office.",
                           detail);
        case X509_V_ERR_INVALID_CA:
        case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
            return verdict(CertificateCause::CaMayNotIssueCertificates,
                           "Your card's certificate was signed by an authority that may not issue certificates. "
                           "Contact your badge office.",
                           detail);
        case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
            return verdict(CertificateCause::CaMayNotIssueCrls,
                           "The list of revoked cards (CRL) for your card was signed by an authority that may not "
                           "sign such lists, so your card cannot be checked. Call IT support.",
                           detail);
        case X509_V_ERR_PATH_LENGTH_EXCEEDED:
            return verdict(CertificateCause::PathTooLong,
                           "Your card's certificate comes through more certification authorities than the chain "
                           "allows. Contact your badge office.",
                           detail);
        case X509_V_ERR_PERMITTED_VIOLATION:
        case X509_V_ERR_EXCLUDED_VIOLATION:
        case X509_V_ERR_SUBTREE_MINMAX:
        case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
        case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX:
        case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
            return verdict(CertificateCause::NameConstraintsViolated,
                           whose + " names someone its issuing authority may not certify. Contact your badge office.",
                           detail);
        case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
            return verdict(CertificateCause::UnsupportedCriticalExtension,
                           whose
                               + " has a critical extension this system does not understand. Contact your badge "
                                 "office.",
                           detail);
        case X509_V_ERR_UNABLE_TO_GET_CRL:
        case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
        case X509_V_ERR_CRL_NOT_YET_VALID:
        case X509_V_ERR_DIFFERENT_CRL_SCOPE:
            return verdict(CertificateCause::RevocationUnknown,
                           std::string("This computer has no usable list of revoked cards (CRL) for your card's "
                                       "issuer, so your card cannot be checked.")
                               + kRefreshAdvice,
                           detail);
        case X509_V_ERR_CRL_HAS_EXPIRED:
            return verdict(CertificateCause::RevocationStale,
                           std::string("This computer's list of revoked cards (CRL) is out of date, so your card "
                                       "cannot be checked.")
                               + kRefreshAdvice,
                           detail);
        case X509_V_ERR_CRL_SIGNATURE_FAILURE:
        case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
            return verdict(CertificateCause::CrlSignatureInvalid,
                           std::string("This computer's list of revoked cards (CRL) for your card's issuer has a "
                                       "signature that does not verify, so your card cannot be checked.")
                               + kRefreshAdvice,
                           detail);
        case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
            return verdict(CertificateCause::CrlUnsupportedCriticalExtension,
                           "The list of revoked cards (CRL) for your card's issuer has a critical extension this "
                           "system does not process, so your card cannot be checked. Call IT support.",
                           detail);
        case X509_V_ERR_INVALID_PURPOSE:
        case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
            return verdict(CertificateCause::WrongUsage,
                           whose + " is not valid for signing in (it is not meant for client authentication).",
                           detail);
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_CERT_UNTRUSTED:
            return verdict(CertificateCause::UntrustedIssuer,
                           "Your card's certificate was not issued by a certification authority this system trusts.",
                           detail);
        default:
            return verdict(CertificateCause::Damaged,
                           whose + " could not be validated (" + detail + "). Call IT support.",
                           detail);
        }
    };
    auto refused = made();
    refused.concerns = describe(current);
    return refused;
}

} // namespace cms::core::pki
