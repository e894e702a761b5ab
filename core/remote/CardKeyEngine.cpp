#include "core/remote/CardKeyEngine.h"

#include "core/auth/PivKeys.h"

#include <cstring>
#include <libpq-fe.h>
#include <mutex>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <vector>

namespace cms::core::remote {

namespace {

// What a key loaded through the engine signs with. Shared by every key object OpenSSL makes
// from it; the session is only borrowed while a sign-in holds the attachment.
struct CardKeyContext
{
    std::weak_ptr<auth::TokenSession> session;
};

std::mutex g_stateMutex; // guards the fields below
std::shared_ptr<auth::TokenSession> g_session;
auth::Bytes g_certificateDer;
std::string g_label;
// Keys handed to libpq during the current attachment (see releaseLibpqReferences).
std::vector<EVP_PKEY*> g_handedOut;
RSA_METHOD* g_rsaMethod = nullptr;
EC_KEY_METHOD* g_ecMethod = nullptr;
int g_rsaIndex = -1;
int g_ecIndex = -1;

void freeContext(void*, void* pointer, CRYPTO_EX_DATA*, int, long, void*)
{
    delete static_cast<CardKeyContext*>(pointer);
}

Result<auth::Bytes> signOnCard(const CardKeyContext* context, auth::SignMechanism mechanism, auth::Bytes input)
{
    const auto session = context != nullptr ? context->session.lock() : nullptr;
    if (!session) {
        return fail(ErrorCode::TokenFailure, "The card is no longer signed in.");
    }
    return session->sign(auth::kPivAuthenticationId, mechanism, input);
}

int rsaPrivateEncrypt(int length, const unsigned char* from, unsigned char* to, RSA* rsa, int padding)
{
    auth::SignMechanism mechanism{};
    if (padding == RSA_NO_PADDING) {
        mechanism = auth::SignMechanism::RsaRaw;
    } else if (padding == RSA_PKCS1_PADDING) {
        mechanism = auth::SignMechanism::RsaPkcs1;
    } else {
        return -1;
    }
    const auto* context = static_cast<CardKeyContext*>(RSA_get_ex_data(rsa, g_rsaIndex));
    const auto signature = signOnCard(context, mechanism, auth::Bytes(from, from + length));
    if (!signature || signature->size() != static_cast<std::size_t>(RSA_size(rsa))) {
        return -1;
    }
    std::memcpy(to, signature->data(), signature->size());
    return static_cast<int>(signature->size());
}

ECDSA_SIG* ecSignDigest(const unsigned char* digest, int length, const BIGNUM*, const BIGNUM*, EC_KEY* key)
{
    const auto* context = static_cast<CardKeyContext*>(EC_KEY_get_ex_data(key, g_ecIndex));
    const auto signature = signOnCard(context, auth::SignMechanism::Ecdsa, auth::Bytes(digest, digest + length));
    if (!signature || signature->empty() || signature->size() % 2 != 0) {
        return nullptr;
    }
    const int half = static_cast<int>(signature->size() / 2);
    ECDSA_SIG* result = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(signature->data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(signature->data() + half, half, nullptr);
    if (result == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(result, r, s) != 1) {
        ECDSA_SIG_free(result);
        BN_free(r);
        BN_free(s);
        return nullptr;
    }
    return result;
}

EVP_PKEY* rsaCardKey(const EVP_PKEY* publicKey, CardKeyContext* context)
{
    const RSA* source = EVP_PKEY_get0_RSA(publicKey);
    RSA* rsa = RSA_new();
    EVP_PKEY* key = EVP_PKEY_new();
    if (source == nullptr || rsa == nullptr || key == nullptr) {
        RSA_free(rsa);
        EVP_PKEY_free(key);
        return nullptr;
    }
    RSA_set0_key(rsa, BN_dup(RSA_get0_n(source)), BN_dup(RSA_get0_e(source)), nullptr);
    RSA_set_method(rsa, g_rsaMethod);
    RSA_set_flags(rsa, RSA_FLAG_EXT_PKEY);
    RSA_set_ex_data(rsa, g_rsaIndex, context);
    EVP_PKEY_assign_RSA(key, rsa);
    return key;
}

EVP_PKEY* ecCardKey(const EVP_PKEY* publicKey, CardKeyContext* context)
{
    const EC_KEY* source = EVP_PKEY_get0_EC_KEY(publicKey);
    EC_KEY* ec = source != nullptr ? EC_KEY_dup(source) : nullptr;
    EVP_PKEY* key = EVP_PKEY_new();
    if (ec == nullptr || key == nullptr) {
        EC_KEY_free(ec);
        EVP_PKEY_free(key);
        return nullptr;
    }
    EC_KEY_set_method(ec, g_ecMethod);
    EC_KEY_set_ex_data(ec, g_ecIndex, context);
    EVP_PKEY_assign_EC_KEY(key, ec);
    return key;
}

EVP_PKEY* loadPrivateKey(ENGINE*, const char* keyId, UI_METHOD*, void*)
{
    const std::lock_guard lock(g_stateMutex);
    if (!g_session || keyId == nullptr || g_label != keyId) {
        return nullptr;
    }
    const unsigned char* cursor = g_certificateDer.data();
    X509* certificate = d2i_X509(nullptr, &cursor, static_cast<long>(g_certificateDer.size()));
    if (certificate == nullptr) {
        return nullptr;
    }
    const EVP_PKEY* publicKey = X509_get0_pubkey(certificate);
    auto* context = new CardKeyContext{g_session};
    EVP_PKEY* key = nullptr;
    if (publicKey != nullptr && EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_RSA) {
        key = rsaCardKey(publicKey, context);
    } else if (publicKey != nullptr && EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_EC) {
        key = ecCardKey(publicKey, context);
    }
    if (key == nullptr) {
        delete context;
    } else {
        g_handedOut.push_back(key);
    }
    X509_free(certificate);
    return key;
}

// libpq 15 takes the key ENGINE_load_private_key returns, gives it to SSL_use_PrivateKey (which
// takes a reference of its own) and never frees its own reference (initialize_SSL), so every card
// connection left its key object behind. The engine made the key, so it gives libpq's reference
// back once the connection attempt is over: an open connection's TLS session keeps the key alive
// through its own reference, a failed one has already dropped it. Only for the libpq this was
// checked against (AddressSanitizer reports both a leak and a double free): another libpq keeps
// the key, a leak of one small object per connection rather than a double free.
void releaseLibpqReferences()
{
    if (PQlibVersion() / 10000 == 15) {
        for (EVP_PKEY* key : g_handedOut) {
            EVP_PKEY_free(key);
        }
    }
    g_handedOut.clear();
}

// Builds the methods and registers the engine with OpenSSL, once per process.
Result<void> registerEngine()
{
    static std::once_flag once;
    static bool registered = false;
    std::call_once(once, [] {
        g_rsaIndex = RSA_get_ex_new_index(0, nullptr, nullptr, nullptr, freeContext);
        g_ecIndex = EC_KEY_get_ex_new_index(0, nullptr, nullptr, nullptr, freeContext);
        g_rsaMethod = RSA_meth_dup(RSA_PKCS1_OpenSSL());
        RSA_meth_set1_name(g_rsaMethod, "CMS PIV card RSA");
        RSA_meth_set_priv_enc(g_rsaMethod, rsaPrivateEncrypt);
        RSA_meth_set_flags(g_rsaMethod, RSA_meth_get_flags(g_rsaMethod) | RSA_FLAG_EXT_PKEY);
        g_ecMethod = EC_KEY_METHOD_new(EC_KEY_OpenSSL());
        int (*sign)(
            int, const unsigned char*, int, unsigned char*, unsigned int*, const BIGNUM*, const BIGNUM*, EC_KEY*) =
            nullptr;
        int (*signSetup)(EC_KEY*, BN_CTX*, BIGNUM**, BIGNUM**) = nullptr;
        EC_KEY_METHOD_get_sign(g_ecMethod, &sign, &signSetup, nullptr);
        EC_KEY_METHOD_set_sign(g_ecMethod, sign, signSetup, ecSignDigest);

        ENGINE* engine = ENGINE_new();
        registered = engine != nullptr && ENGINE_set_id(engine, CardKeyEngine::kEngineId) == 1
                     && ENGINE_set_name(engine, "CMS PIV card keys") == 1
                     && ENGINE_set_load_privkey_function(engine, loadPrivateKey) == 1 && ENGINE_add(engine) == 1;
        ENGINE_free(engine); // the engine list keeps its own reference
    });
    if (!registered) {
        return fail(ErrorCode::Internal, "The secure connection cannot use the card (engine registration failed).");
    }
    return {};
}

} // namespace

CardKeyEngine::Attachment::~Attachment()
{
    const std::lock_guard lock(g_stateMutex);
    releaseLibpqReferences();
    g_session.reset();
    g_certificateDer.clear();
    g_label.clear();
}

Result<std::unique_ptr<CardKeyEngine::Attachment>> CardKeyEngine::attach(std::shared_ptr<auth::TokenSession> session,
                                                                         auth::Bytes certificateDer)
{
    if (auto registered = registerEngine(); !registered) {
        return std::unexpected(registered.error());
    }
    auto attachment = std::make_unique<Attachment>();
    const std::lock_guard lock(g_stateMutex);
    g_label = session->token().label;
    g_session = std::move(session);
    g_certificateDer = std::move(certificateDer);
    return attachment;
}

} // namespace cms::core::remote
