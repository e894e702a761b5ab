#include "core/auth/PossessionProof.h"

#include "core/auth/CardSignature.h"

#include <memory>
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

Error refused(std::string detail)
{
    return Error{ErrorCode::CertificateRefused,
                 "The card could not prove that it holds the key of its certificate. It may be damaged or not "
                 "genuine: contact your badge office.",
                 std::move(detail)};
}

// PSS: padded here (salt as long as the hash, as TLS 1.3 does); the card applies its key raw.
Result<Bytes> signRsaPss(const TokenSession& session, std::uint8_t keyId, EVP_PKEY* key, const Bytes& hash)
{
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

bool verifyRsaPss(EVP_PKEY* key, const Bytes& hash, const Bytes& signature)
{
    KeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr), &EVP_PKEY_CTX_free);
    return context && EVP_PKEY_verify_init(context.get()) == 1
           && EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) == 1
           && EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PSS_PADDING) == 1
           && EVP_PKEY_CTX_set_rsa_pss_saltlen(context.get(), static_cast<int>(hash.size())) == 1
           && EVP_PKEY_verify(context.get(), signature.data(), signature.size(), hash.data(), hash.size()) == 1;
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
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
        return std::unexpected(refused("unsupported key type"));
    }
    const bool pss = type == EVP_PKEY_RSA && rsaPadding == RsaPadding::Pss;
    auto signature =
        pss ? signRsaPss(session, keyId, key.get(), hash) : CardSignature::sign(session, keyId, certificateDer, hash);
    if (!signature) {
        return std::unexpected(signature.error());
    }
    const bool verified =
        pss ? verifyRsaPss(key.get(), hash, *signature) : CardSignature::verify(certificateDer, hash, *signature);
    if (!verified) {
        return std::unexpected(refused("the challenge's signature does not verify with the certificate's key"));
    }
    return {};
}

} // namespace cms::core::auth
