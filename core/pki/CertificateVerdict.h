#pragma once

#include <string>

namespace cms::core::pki {

// Why a certificate is or is not trusted for signing in. Each refusal has its own cause, named to
// the user in words (CertificateVerdict::message) and kept as a code for audit and tests. The
// path causes follow RFC 5280 section 6 (NIST's path-validation suite names them the same way).
enum class CertificateCause
{
    Valid,
    Expired,
    NotYetValid,
    Revoked,
    UntrustedIssuer,                 // issuer not found: no path to a configured trust anchor (a foreign CA)
    SignatureInvalid,                // a certificate's signature does not verify with its issuer's key
    CaMayNotIssueCertificates,       // an issuer that is not a CA (basic constraints) or may not sign certificates
    CaMayNotIssueCrls,               // the CRL's issuer lacks the cRLSign key usage
    PathTooLong,                     // a CA's pathLenConstraint exceeded
    NameConstraintsViolated,         // a name outside a CA's permitted subtrees, or inside its excluded ones
    UnsupportedCriticalExtension,    // a certificate extension marked critical that is not understood
    WrongUsage,                      // key usage without digitalSignature, or an EKU without client authentication
    NoCardUuid,                      // nothing to map the card to a person
    RevocationUnknown,               // no revocation data: no CRL (or none that applies) for the issuer
    RevocationStale,                 // the CRL is past its nextUpdate plus the grace
    CrlSignatureInvalid,             // the CRL's signature does not verify
    CrlUnsupportedCriticalExtension, // the CRL carries a critical extension that is not processed (e.g. delta)
    Damaged,
};

// The certificate a verdict concerns: the card's own, or the one of its path that failed.
struct ConcernedCertificate
{
    std::string subject;
    std::string issuer;
    std::string serial; // hexadecimal
};

struct CertificateVerdict
{
    CertificateCause cause = CertificateCause::Damaged;
    std::string message; // for the user: what is wrong and what to do
    std::string detail;  // for logs: OpenSSL's reason; never a secret
    // The CRL used is past its nextUpdate but within the grace: valid, and worth saying so.
    bool revocationListOverdue = false;
    ConcernedCertificate concerns;

    [[nodiscard]] bool trusted() const
    {
        return cause == CertificateCause::Valid;
    }
};

[[nodiscard]] const char* toString(CertificateCause cause);

} // namespace cms::core::pki
