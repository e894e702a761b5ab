#pragma once

#include "core/common/Result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cms::core::pki {

// A certificate's public key as the numbers the server verifies with in SQL (cms_audit.signed_by,
// sql/server/0032): RSA, the modulus and the exponent; EC P-256, the uncompressed point
// 04 || X || Y. Other keys are refused: the server could not verify their signatures.
struct SigningKey
{
    std::string algorithm; // "rsa" or "ec-p256"
    std::vector<std::uint8_t> key;
    std::vector<std::uint8_t> exponent; // RSA only

    [[nodiscard]] static Result<SigningKey> fromCertificateDer(const std::vector<std::uint8_t>& der);
};

} // namespace cms::core::pki
