#include "core/pki/CertificateVerdict.h"

namespace cms::core::pki {

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
        return "issuer not found";
    case CertificateCause::SignatureInvalid:
        return "signature error";
    case CertificateCause::CaMayNotIssueCertificates:
        return "CA may not issue certificates";
    case CertificateCause::CaMayNotIssueCrls:
        return "CA may not issue CRLs";
    case CertificateCause::PathTooLong:
        return "path too long";
    case CertificateCause::NameConstraintsViolated:
        return "name constraints violated";
    case CertificateCause::UnsupportedCriticalExtension:
        return "unsupported critical extension";
    case CertificateCause::WrongUsage:
        return "wrong key usage";
    case CertificateCause::NoCardUuid:
        return "no card UUID";
    case CertificateCause::RevocationUnknown:
        return "no revocation data";
    case CertificateCause::RevocationStale:
        return "CRL expired";
    case CertificateCause::CrlSignatureInvalid:
        return "CRL bad signature";
    case CertificateCause::CrlUnsupportedCriticalExtension:
        return "CRL unsupported critical extension";
    case CertificateCause::Damaged:
        return "damaged";
    }
    return "unknown";
}

} // namespace cms::core::pki
