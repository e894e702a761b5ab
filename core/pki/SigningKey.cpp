#include "core/pki/SigningKey.h"

#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace cms::core::pki {

namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BignumPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::vector<std::uint8_t> bytesOf(EVP_PKEY* key, const char* name)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
        return {};
    }
    const BignumPtr number(raw, &BN_free);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(BN_num_bytes(number.get())));
    BN_bn2bin(number.get(), bytes.data());
    return bytes;
}

} // namespace

Result<SigningKey> SigningKey::fromCertificateDer(const std::vector<std::uint8_t>& der)
{
    const unsigned char* cursor = der.data();
    const X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
    const KeyPtr key(certificate ? X509_get_pubkey(certificate.get()) : nullptr, &EVP_PKEY_free);
    if (!key) {
        return fail(ErrorCode::InvalidArgument, "The certificate's public key cannot be read.");
    }
    SigningKey signing;
    if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
        signing.algorithm = "rsa";
        signing.key = bytesOf(key.get(), OSSL_PKEY_PARAM_RSA_N);
        signing.exponent = bytesOf(key.get(), OSSL_PKEY_PARAM_RSA_E);
        if (signing.key.empty() || signing.exponent.empty()) {
            return fail(ErrorCode::InvalidArgument, "The certificate's RSA key cannot be read.");
        }
        return signing;
    }
    char group[64] = {};
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC
        || EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1
        || std::string(group) != "prime256v1") {
        return fail(ErrorCode::InvalidArgument,
                    "The certificate's key is neither RSA nor EC P-256: the server could not verify its signatures.");
    }
    signing.algorithm = "ec-p256";
    signing.key.resize(65);
    std::size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(
            key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, signing.key.data(), signing.key.size(), &length)
            != 1
        || length != 65 || signing.key[0] != 0x04) {
        return fail(ErrorCode::InvalidArgument, "The certificate's EC key cannot be read as a P-256 point.");
    }
    return signing;
}

} // namespace cms::core::pki
