#pragma once

#include "core/pki/CertificateVerdict.h"

#include <openssl/x509.h>
#include <string>

namespace cms::core::pki {

// OpenSSL's path-validation outcome in the user's words (inside core/pki only).
class OpenSslRefusal
{
public:
    // The verdict for OpenSSL's `error` at the context's current certificate and depth.
    [[nodiscard]] static CertificateVerdict verdictFor(int error, X509_STORE_CTX* context);
    [[nodiscard]] static ConcernedCertificate describe(const X509* certificate);
    [[nodiscard]] static std::string dateText(const ASN1_TIME* time);
};

} // namespace cms::core::pki
