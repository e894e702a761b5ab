#pragma once

#include "core/auth/TokenSession.h"
#include "core/common/Result.h"

#include <cstdint>
#include <vector>

namespace cms::core::auth {

// Proof that the card holds the private key of the certificate it presents: the card signs a
// fresh random challenge and the signature is verified with the certificate's public key, before
// anything the card says is trusted. A card that copies someone else's certificate fails here.
// RSA keys sign PKCS#1 v1.5 or PSS (SHA-256; PSS is what TLS 1.3 asks of the card too), EC
// P-256 keys ECDSA over a SHA-256 hash computed here (PIV cards and SoftHSM lack
// CKM_ECDSA_SHA256).
class PossessionProof
{
public:
    enum class RsaPadding
    {
        Pkcs1v15,
        Pss,
    };

    [[nodiscard]] static Result<void> prove(const TokenSession& session,
                                            std::uint8_t keyId,
                                            const std::vector<std::uint8_t>& certificateDer,
                                            RsaPadding rsaPadding = RsaPadding::Pss);
};

} // namespace cms::core::auth
