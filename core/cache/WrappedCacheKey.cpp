#include "core/cache/WrappedCacheKey.h"

#include "core/auth/TokenSession.h"
#include "core/common/Hex.h"
#include "core/common/Sha256.h"

#include <array>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sstream>

namespace cms::core::cache {

namespace {

using Bytes = std::vector<std::uint8_t>;
using KeyBytes = std::array<unsigned char, WrappedCacheKey::kKeySize>;

constexpr std::string_view kMagic = "cms-cache-key 1";
constexpr std::string_view kRsaName = "rsa-oaep-sha1";
constexpr std::string_view kEcName = "ecdh-p256-hkdf-sha256-aes256kw";
constexpr std::string_view kHkdfInfo = "CMS offline cache key wrap v1";

struct PkeyFree
{
    void operator()(EVP_PKEY* key) const
    {
        EVP_PKEY_free(key);
    }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* context) const
    {
        EVP_PKEY_CTX_free(context);
    }
};
struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX* context) const
    {
        EVP_CIPHER_CTX_free(context);
    }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// Wiped when it goes out of scope: a shared secret or a key-encryption key.
struct WipedKey
{
    KeyBytes bytes{};
    ~WipedKey()
    {
        OPENSSL_cleanse(bytes.data(), bytes.size());
    }
};

Error cryptoError(const std::string& what)
{
    return {ErrorCode::Internal, "The cache key could not be " + what + ".", "OpenSSL: " + what};
}

Result<Pkey> publicKeyOf(const Bytes& certificateDer)
{
    const unsigned char* cursor = certificateDer.data();
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        d2i_X509(nullptr, &cursor, static_cast<long>(certificateDer.size())), &X509_free);
    if (!certificate) {
        return fail(ErrorCode::CertificateMissing, "The card's key-management certificate cannot be read.");
    }
    EVP_PKEY* key = X509_get_pubkey(certificate.get());
    if (key == nullptr) {
        return fail(ErrorCode::CertificateMissing, "The card's key-management certificate holds no usable key.");
    }
    return Pkey(key);
}

Result<Bytes> oaepEncrypt(EVP_PKEY* key, const SecureBuffer& plain)
{
    PkeyCtx context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    std::size_t length = 0;
    const auto* input = reinterpret_cast<const unsigned char*>(plain.c_str());
    if (!context || EVP_PKEY_encrypt_init(context.get()) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING) <= 0
        || EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EVP_sha1()) <= 0
        || EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EVP_sha1()) <= 0
        || EVP_PKEY_encrypt(context.get(), nullptr, &length, input, plain.size()) <= 0) {
        return std::unexpected(cryptoError("wrapped (RSA-OAEP)"));
    }
    Bytes wrapped(length);
    if (EVP_PKEY_encrypt(context.get(), wrapped.data(), &length, input, plain.size()) <= 0) {
        return std::unexpected(cryptoError("wrapped (RSA-OAEP)"));
    }
    wrapped.resize(length);
    return wrapped;
}

// HKDF-SHA256 of the ECDH secret, salted with the ephemeral point: the key-encryption key.
bool deriveKek(const unsigned char* secret, std::size_t secretSize, const Bytes& ephemeralPoint, KeyBytes& kek)
{
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), &EVP_KDF_free);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr,
                                                                      &EVP_KDF_CTX_free);
    if (!context) {
        return false;
    }
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(secret), secretSize),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(ephemeralPoint.data()), ephemeralPoint.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(kHkdfInfo.data()), kHkdfInfo.size()),
        OSSL_PARAM_construct_end(),
    };
    return EVP_KDF_derive(context.get(), kek.data(), kek.size(), params) > 0;
}

// AES-256 key wrap (RFC 3394) of `input` under `kek`, or its unwrap (false if the integrity
// check fails: another card's secret).
bool aesKeyWrap(bool wrap, const KeyBytes& kek, const unsigned char* input, std::size_t size, Bytes& output)
{
    CipherCtx context(EVP_CIPHER_CTX_new());
    if (!context) {
        return false;
    }
    EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_CipherInit_ex(context.get(), EVP_aes_256_wrap(), nullptr, kek.data(), nullptr, wrap ? 1 : 0) <= 0) {
        return false;
    }
    output.assign(size + 8, 0);
    int written = 0;
    int final = 0;
    if (EVP_CipherUpdate(context.get(), output.data(), &written, input, static_cast<int>(size)) <= 0
        || EVP_CipherFinal_ex(context.get(), output.data() + written, &final) <= 0) {
        OPENSSL_cleanse(output.data(), output.size());
        return false;
    }
    output.resize(static_cast<std::size_t>(written + final));
    return true;
}

bool isP256(EVP_PKEY* key)
{
    char group[64] = {};
    std::size_t length = 0;
    return EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) > 0
           && std::string_view(group, length) == "prime256v1";
}

} // namespace

Result<WrappedCacheKey> WrappedCacheKey::wrap(const SecureBuffer& key, const Bytes& keyManagementCertificate)
{
    if (key.size() != kKeySize) {
        return fail(ErrorCode::InvalidArgument, "A cache key has 32 bytes.");
    }
    auto publicKey = publicKeyOf(keyManagementCertificate);
    if (!publicKey) {
        return std::unexpected(publicKey.error());
    }
    WrappedCacheKey wrapped;
    wrapped.m_certificateDigest = sha256Hex(std::string_view(
        reinterpret_cast<const char*>(keyManagementCertificate.data()), keyManagementCertificate.size()));
    if (EVP_PKEY_is_a(publicKey->get(), "RSA")) {
        auto ciphertext = oaepEncrypt(publicKey->get(), key);
        if (!ciphertext) {
            return std::unexpected(ciphertext.error());
        }
        wrapped.m_wrapped = std::move(*ciphertext);
        return wrapped;
    }
    if (!EVP_PKEY_is_a(publicKey->get(), "EC") || !isP256(publicKey->get())) {
        return fail(ErrorCode::CertificateRefused,
                    "The card's key-management key is neither RSA nor EC P-256: the cache cannot be tied to it.");
    }
    wrapped.m_scheme = Scheme::EcdhP256HkdfAesKw;
    Pkey ephemeral(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    PkeyCtx agreement(ephemeral ? EVP_PKEY_CTX_new_from_pkey(nullptr, ephemeral.get(), nullptr) : nullptr);
    WipedKey secret;
    std::size_t secretSize = secret.bytes.size();
    if (!agreement || EVP_PKEY_derive_init(agreement.get()) <= 0
        || EVP_PKEY_derive_set_peer(agreement.get(), publicKey->get()) <= 0
        || EVP_PKEY_derive(agreement.get(), secret.bytes.data(), &secretSize) <= 0) {
        return std::unexpected(cryptoError("agreed with the card's key (ECDH)"));
    }
    std::array<unsigned char, 65> point{};
    std::size_t pointSize = 0;
    if (EVP_PKEY_get_octet_string_param(
            ephemeral.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(), point.size(), &pointSize)
        <= 0) {
        return std::unexpected(cryptoError("wrapped (ephemeral key)"));
    }
    wrapped.m_ephemeralPoint.assign(point.begin(), point.begin() + static_cast<std::ptrdiff_t>(pointSize));
    WipedKey kek;
    if (!deriveKek(secret.bytes.data(), secretSize, wrapped.m_ephemeralPoint, kek.bytes)
        || !aesKeyWrap(
            true, kek.bytes, reinterpret_cast<const unsigned char*>(key.c_str()), key.size(), wrapped.m_wrapped)) {
        return std::unexpected(cryptoError("wrapped (AES key wrap)"));
    }
    return wrapped;
}

Result<SecureBuffer> WrappedCacheKey::unwrap(const auth::TokenSession& card) const
{
    if (m_scheme == Scheme::RsaOaepSha1) {
        auto key = card.decryptRsaOaep(kKeyManagementId, m_wrapped);
        if (key && key->size() != kKeySize) {
            return fail(ErrorCode::TokenFailure, "The card unwrapped something that is not a cache key.");
        }
        return key;
    }
    auto secret = card.deriveEcdh(kKeyManagementId, m_ephemeralPoint, kKeySize);
    if (!secret) {
        return std::unexpected(secret.error());
    }
    WipedKey kek;
    Bytes plain;
    if (!deriveKek(reinterpret_cast<const unsigned char*>(secret->c_str()), secret->size(), m_ephemeralPoint, kek.bytes)
        || !aesKeyWrap(false, kek.bytes, m_wrapped.data(), m_wrapped.size(), plain)) {
        return fail(ErrorCode::TokenFailure, "The cache key was wrapped for another card: this card cannot open it.");
    }
    SecureBuffer key(std::string_view(reinterpret_cast<const char*>(plain.data()), plain.size()));
    OPENSSL_cleanse(plain.data(), plain.size());
    return key;
}

std::string WrappedCacheKey::toText() const
{
    std::string text(kMagic);
    text += "\nscheme ";
    text += m_scheme == Scheme::RsaOaepSha1 ? kRsaName : kEcName;
    text += "\ncertificate-sha256 " + m_certificateDigest;
    if (!m_ephemeralPoint.empty()) {
        text += "\nephemeral " + toHex(m_ephemeralPoint);
    }
    text += "\nwrapped " + toHex(m_wrapped) + "\n";
    return text;
}

Result<WrappedCacheKey> WrappedCacheKey::fromText(std::string_view text)
{
    const auto refused = [](const std::string& why) {
        return fail(ErrorCode::InvalidArgument, "The cache's key file is damaged (" + why + ").");
    };
    std::istringstream lines{std::string(text)};
    std::string line;
    if (!std::getline(lines, line) || line != kMagic) {
        return refused("not a CMS cache key file");
    }
    WrappedCacheKey wrapped;
    bool haveScheme = false;
    while (std::getline(lines, line)) {
        const auto space = line.find(' ');
        const std::string name = line.substr(0, space);
        const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
        if (name == "scheme" && (value == kRsaName || value == kEcName)) {
            wrapped.m_scheme = value == kRsaName ? Scheme::RsaOaepSha1 : Scheme::EcdhP256HkdfAesKw;
            haveScheme = true;
        } else if (name == "certificate-sha256" && fromHex(value) && value.size() == 64) {
            wrapped.m_certificateDigest = value;
        } else if ((name == "ephemeral" || name == "wrapped") && fromHex(value)) {
            (name == "ephemeral" ? wrapped.m_ephemeralPoint : wrapped.m_wrapped) = *fromHex(value);
        } else {
            return refused("line \"" + name + "\" is not understood");
        }
    }
    if (!haveScheme || wrapped.m_certificateDigest.empty() || wrapped.m_wrapped.empty()
        || (wrapped.m_scheme == Scheme::EcdhP256HkdfAesKw) != !wrapped.m_ephemeralPoint.empty()) {
        return refused("a line is missing");
    }
    return wrapped;
}

WrappedCacheKey::Scheme WrappedCacheKey::scheme() const
{
    return m_scheme;
}

const std::string& WrappedCacheKey::certificateDigest() const
{
    return m_certificateDigest;
}

} // namespace cms::core::cache
