#include "core/auth/PossessionProof.h"

#include <algorithm>
#include <array>
#include <memory>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

namespace cms::core::auth {

namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using KeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using EcSigPtr = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

// DER prefix of a SHA-256 DigestInfo (RFC 8017, 9.2 note 1).
constexpr std::array<std::uint8_t, 19> kSha256DigestInfo{
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

Error refused(std::string detail)
{
    return Error{ErrorCode::CertificateRefused,
                 "The card could not prove that it holds the key of its certificate. It may be damaged or not "
                 "genuine: contact your badge office.",
                 std::move(detail)};
}

Result<Bytes> signRsa(const TokenSession& session,
                      std::uint8_t keyId,
                      EVP_PKEY* key,
                      const Bytes& hash,
                      PossessionProof::RsaPadding padding)
{
    if (padding == PossessionProof::RsaPadding::Pkcs1v15) {
        Bytes digestInfo(kSha256DigestInfo.size() + hash.size());
        std::copy(kSha256DigestInfo.begin(), kSha256DigestInfo.end(), digestInfo.begin());
        std::copy(hash.begin(), hash.end(), digestInfo.begin() + static_cast<std::ptrdiff_t>(kSha256DigestInfo.size()));
        return session.sign(keyId, SignMechanism::RsaPkcs1, digestInfo);
    }
    // PSS: pad here (salt as long as the hash, as TLS 1.3 does) and have the card apply its key raw.
    const RSA* rsa = EVP_PKEY_get0_RSA(key);
    Bytes encoded(static_cast<std::size_t>(RSA_size(rsa)));
    if (RSA_padding_add_PKCS1_PSS_mgf1(const_cast<RSA*>(rsa),
                                       encoded.data(),
                                       hash.data(),
                                       EVP_sha256(),
                                       EVP_sha256(),
                                       static_cast<int>(hash.size()))
        != 1) {
        return std::unexpected(refused("PSS encoding failed"));
    }
    return session.sign(keyId, SignMechanism::RsaRaw, encoded);
}

bool verifyRsa(EVP_PKEY* key, const Bytes& hash, const Bytes& signature, PossessionProof::RsaPadding padding)
{
    KeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr), &EVP_PKEY_CTX_free);
    if (!context || EVP_PKEY_verify_init(context.get()) != 1
        || EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) != 1) {
        return false;
    }
    if (padding == PossessionProof::RsaPadding::Pss) {
        if (EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(context.get(), static_cast<int>(hash.size())) != 1) {
            return false;
        }
    } else if (EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) != 1) {
        return false;
    }
    return EVP_PKEY_verify(context.get(), signature.data(), signature.size(), hash.data(), hash.size()) == 1;
}

// The card answers r || s; OpenSSL verifies the DER form.
bool verifyEc(EVP_PKEY* key, const Bytes& hash, const Bytes& signature)
{
    if (signature.empty() || signature.size() % 2 != 0) {
        return false;
    }
    const int half = static_cast<int>(signature.size() / 2);
    EcSigPtr sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(signature.data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(signature.data() + half, half, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) {
        return false;
    }
    const std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(der,
                                                                         [](unsigned char* p) { OPENSSL_free(p); });
    KeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr), &EVP_PKEY_CTX_free);
    return context && EVP_PKEY_verify_init(context.get()) == 1
           && EVP_PKEY_verify(context.get(), der, static_cast<std::size_t>(length), hash.data(), hash.size()) == 1;
}

} // namespace

Result<void> PossessionProof::prove(const TokenSession& session,
                                    std::uint8_t keyId,
                                    const std::vector<std::uint8_t>& certificateDer,
                                    RsaPadding rsaPadding)
{
    const unsigned char* cursor = certificateDer.data();
    X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(certificateDer.size())), &X509_free);
    if (!certificate) {
        return fail(ErrorCode::CertificateRefused, "The card's certificate is damaged and cannot be read.");
    }
    KeyPtr key(X509_get_pubkey(certificate.get()), &EVP_PKEY_free);
    if (!key) {
        return std::unexpected(refused("no public key in the certificate"));
    }
    Bytes challenge(32);
    if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) {
        return fail(ErrorCode::Internal, "No random numbers for the card's challenge.");
    }
    Bytes hash(SHA256_DIGEST_LENGTH);
    SHA256(challenge.data(), challenge.size(), hash.data());

    const int type = EVP_PKEY_get_base_id(key.get());
    Result<Bytes> signature = type == EVP_PKEY_RSA  ? signRsa(session, keyId, key.get(), hash, rsaPadding)
                              : type == EVP_PKEY_EC ? session.sign(keyId, SignMechanism::Ecdsa, hash)
                                                    : Result<Bytes>(std::unexpected(refused("unsupported key type")));
    if (!signature) {
        return std::unexpected(signature.error());
    }
    const bool verified = type == EVP_PKEY_RSA ? verifyRsa(key.get(), hash, *signature, rsaPadding)
                                               : verifyEc(key.get(), hash, *signature);
    if (!verified) {
        return std::unexpected(refused("the challenge's signature does not verify with the certificate's key"));
    }
    return {};
}

} // namespace cms::core::auth
