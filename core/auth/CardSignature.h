#pragma once

#include "core/auth/TokenSession.h"
#include "core/common/Result.h"

#include <cstdint>

namespace cms::core::auth {

// A card key's signature over a SHA-256 digest, in the two forms a server can verify without
// the card's help (cms_audit.signed_by, sql/server/0032): RSA keys PKCS#1 v1.5 (the card pads a
// DigestInfo made here), EC P-256 keys ECDSA as r || s (PIV cards and SoftHSM lack the combined
// SHA-256 mechanisms, so the host hashes). The key type comes from the certificate.
class CardSignature
{
public:
    [[nodiscard]] static Result<Bytes>
    sign(const TokenSession& session, std::uint8_t keyId, const Bytes& certificateDer, const Bytes& digest);
    // Whether `signature` over `digest` verifies with the certificate's public key.
    [[nodiscard]] static bool verify(const Bytes& certificateDer, const Bytes& digest, const Bytes& signature);
    // The DER DigestInfo of a SHA-256 digest (RFC 8017, 9.2): what an RSA card pads and signs.
    [[nodiscard]] static Bytes sha256DigestInfo(const Bytes& digest);
};

} // namespace cms::core::auth
