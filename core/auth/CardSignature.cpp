#include "core/auth/CardSignature.h"

#include <algorithm>
#include <array>
#include <memory>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
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

KeyPtr publicKeyOf(const Bytes& certificateDer)
{
    const unsigned char* cursor = certificateDer.data();
    const X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(certificateDer.size())), &X509_free);
    return {certificate ? X509_get_pubkey(certificate.get()) : nullptr, &EVP_PKEY_free};
}

// The card answers r || s; OpenSSL verifies the DER form.
bool verifyEc(EVP_PKEY* key, const Bytes& digest, const Bytes& signature)
{
    if (signature.empty() || signature.size() % 2 != 0) {
        return false;
    }
    const int half = static_cast<int>(signature.size() / 2);
    const EcSigPtr sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
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
    const KeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr), &EVP_PKEY_CTX_free);
    return context && EVP_PKEY_verify_init(context.get()) == 1
           && EVP_PKEY_verify(context.get(), der, static_cast<std::size_t>(length), digest.data(), digest.size()) == 1;
}

bool verifyRsaPkcs1(EVP_PKEY* key, const Bytes& digest, const Bytes& signature)
{
    const KeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr), &EVP_PKEY_CTX_free);
    return context && EVP_PKEY_verify_init(context.get()) == 1
           && EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) == 1
           && EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) == 1
           && EVP_PKEY_verify(context.get(), signature.data(), signature.size(), digest.data(), digest.size()) == 1;
}

} // namespace

Bytes CardSignature::sha256DigestInfo(const Bytes& digest)
{
    Bytes digestInfo(kSha256DigestInfo.size() + digest.size());
    std::copy(kSha256DigestInfo.begin(), kSha256DigestInfo.end(), digestInfo.begin());
    std::copy(digest.begin(), digest.end(), digestInfo.begin() + static_cast<std::ptrdiff_t>(kSha256DigestInfo.size()));
    return digestInfo;
}

Result<Bytes>
CardSignature::sign(const TokenSession& session, std::uint8_t keyId, const Bytes& certificateDer, const Bytes& digest)
{
    const auto key = publicKeyOf(certificateDer);
    if (!key) {
        return fail(ErrorCode::CertificateRefused, "The card's certificate is damaged and cannot be read.");
    }
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
        return session.sign(keyId, SignMechanism::RsaPkcs1, sha256DigestInfo(digest));
    case EVP_PKEY_EC:
        return session.sign(keyId, SignMechanism::Ecdsa, digest);
    default:
        return fail(ErrorCode::CertificateRefused, "The card's key is of a kind this application cannot use.");
    }
}

bool CardSignature::verify(const Bytes& certificateDer, const Bytes& digest, const Bytes& signature)
{
    const auto key = publicKeyOf(certificateDer);
    if (!key) {
        return false;
    }
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
        return verifyRsaPkcs1(key.get(), digest, signature);
    case EVP_PKEY_EC:
        return verifyEc(key.get(), digest, signature);
    default:
        return false;
    }
}

} // namespace cms::core::auth
