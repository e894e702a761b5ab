#pragma once

#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cms::core::auth {
class TokenSession;
}

namespace cms::core::cache {

// The offline cache's 256-bit key, wrapped to the card's Key Management key (PIV 9D, CKA_ID 03)
// so that only that card, signed in with its PIN, unwraps it (issue: offline field work):
// RSA-OAEP (SHA-1 hash and MGF) for an RSA card; for an EC card an ephemeral P-256 key agreed
// with the card's key (ECDH), HKDF-SHA256 to a key-encryption key, and AES-256 key wrap
// (RFC 3394). Kept as a small text file beside the cache; nothing in it is secret.
class WrappedCacheKey
{
public:
    static constexpr std::size_t kKeySize = 32;
    static constexpr std::uint8_t kKeyManagementId = 3;

    enum class Scheme
    {
        RsaOaepSha1,
        EcdhP256HkdfAesKw,
    };

    // Wraps `key` to the public key of the card's key-management certificate (DER).
    [[nodiscard]] static Result<WrappedCacheKey> wrap(const SecureBuffer& key,
                                                      const std::vector<std::uint8_t>& keyManagementCertificate);
    // Unwraps with the card it was wrapped for (signed in).
    [[nodiscard]] Result<SecureBuffer> unwrap(const auth::TokenSession& card) const;

    [[nodiscard]] std::string toText() const;
    [[nodiscard]] static Result<WrappedCacheKey> fromText(std::string_view text);

    [[nodiscard]] Scheme scheme() const;
    // SHA-256 of the certificate it is wrapped to (hex): which card opens the cache.
    [[nodiscard]] const std::string& certificateDigest() const;

private:
    Scheme m_scheme = Scheme::RsaOaepSha1;
    std::string m_certificateDigest;
    std::vector<std::uint8_t> m_ephemeralPoint; // EC only: the uncompressed P-256 point
    std::vector<std::uint8_t> m_wrapped;
};

} // namespace cms::core::cache
