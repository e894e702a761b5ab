#pragma once

#include "core/common/Result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::pki {

// What a PIV Authentication certificate says about its holder, read with OpenSSL. Parsing only:
// whether the certificate is to be trusted is the validator's business.
struct CertificateInfo
{
    std::string subject;      // RFC 2253, as PostgreSQL's clientname=DN sees it
    std::string issuer;       // RFC 2253
    std::string serialNumber; // hexadecimal
    std::chrono::system_clock::time_point notBefore;
    std::chrono::system_clock::time_point notAfter;
    std::optional<std::string> cardUuid;          // from the subjectAltName URI urn:uuid:...
    std::optional<std::string> userPrincipalName; // from the subjectAltName UPN otherName
    // The FASC-N otherName, decoded in words (Fascn::describe); shown, never used for mapping.
    std::optional<std::string> fascn;

    [[nodiscard]] static Result<CertificateInfo> fromDer(const std::vector<std::uint8_t>& der);
    [[nodiscard]] static Result<std::string> derToPem(const std::vector<std::uint8_t>& der);
};

} // namespace cms::core::pki
