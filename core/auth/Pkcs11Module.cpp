#include "core/auth/Pkcs11Module.h"

#include <algorithm>
#include <cstdio>
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <string_view>

namespace cms::core::auth {

namespace {

std::string rvName(CK_RV rv)
{
    char text[32];
    std::snprintf(text, sizeof text, "CKR 0x%08lx", rv);
    return text;
}

// PKCS#11 pads fixed-width text fields with blanks.
std::string fixedText(const unsigned char* field, std::size_t width)
{
    std::string text(reinterpret_cast<const char*>(field), width);
    const auto end = text.find_last_not_of(' ');
    text.erase(end == std::string::npos ? 0 : end + 1);
    return text;
}

} // namespace

Pkcs11Module::Pkcs11Module(std::filesystem::path path, void* handle, _CK_FUNCTION_LIST* functions)
    : m_path(std::move(path))
    , m_handle(handle)
    , m_functions(functions)
{}

Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::load(const std::filesystem::path& path)
{
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        return fail(ErrorCode::TokenFailure,
                    "The smart-card software (PKCS#11 module " + path.string() + ") cannot be loaded.",
                    dlerror());
    }
    auto getFunctionList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle, "C_GetFunctionList"));
    CK_FUNCTION_LIST_PTR functions = nullptr;
    if (getFunctionList == nullptr || getFunctionList(&functions) != CKR_OK || functions == nullptr) {
        dlclose(handle);
        return fail(ErrorCode::TokenFailure, "The file " + path.string() + " is not a PKCS#11 module.");
    }
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = functions->C_Initialize(&args);
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        dlclose(handle);
        return fail(ErrorCode::TokenFailure, "The smart-card software could not start.", rvName(rv));
    }
    // CKR_CRYPTOKI_ALREADY_INITIALIZED: libp11 behind libpq loaded the same module first.
    return std::shared_ptr<Pkcs11Module>(new Pkcs11Module(path, handle, functions));
}

// Neither C_Finalize nor dlclose: OpenSSL's pkcs11 engine shares the module's state in this
// process, and finalising it would pull the card away from under a live TLS connection.
Pkcs11Module::~Pkcs11Module() = default;

const std::filesystem::path& Pkcs11Module::path() const
{
    return m_path;
}

Result<TokenInfo> Pkcs11Module::tokenInfo(unsigned long slotId) const
{
    CK_TOKEN_INFO info{};
    const CK_RV rv = m_functions->C_GetTokenInfo(slotId, &info);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card in a reader cannot be read.", rvName(rv));
    }
    TokenInfo token;
    token.slotId = slotId;
    token.label = fixedText(info.label, sizeof info.label);
    token.manufacturer = fixedText(info.manufacturerID, sizeof info.manufacturerID);
    token.model = fixedText(info.model, sizeof info.model);
    token.serialNumber = fixedText(info.serialNumber, sizeof info.serialNumber);
    token.pinCountLow = (info.flags & CKF_USER_PIN_COUNT_LOW) != 0;
    token.pinFinalTry = (info.flags & CKF_USER_PIN_FINAL_TRY) != 0;
    token.pinLocked = (info.flags & CKF_USER_PIN_LOCKED) != 0;
    return token;
}

Result<std::vector<TokenInfo>> Pkcs11Module::tokens() const
{
    CK_ULONG count = 0;
    CK_RV rv = m_functions->C_GetSlotList(CK_TRUE, nullptr, &count);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card readers cannot be listed.", rvName(rv));
    }
    std::vector<CK_SLOT_ID> slots(count);
    rv = m_functions->C_GetSlotList(CK_TRUE, slots.data(), &count);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card readers cannot be listed.", rvName(rv));
    }
    slots.resize(count);
    std::vector<TokenInfo> result;
    for (const CK_SLOT_ID slot : slots) {
        auto info = tokenInfo(slot);
        if (!info) {
            return std::unexpected(info.error());
        }
        // SoftHSM always offers one empty, uninitialised token; it is no card.
        CK_TOKEN_INFO raw{};
        if (m_functions->C_GetTokenInfo(slot, &raw) == CKR_OK && (raw.flags & CKF_TOKEN_INITIALIZED) == 0) {
            continue;
        }
        result.push_back(std::move(*info));
    }
    return result;
}

Result<TokenInfo> Pkcs11Module::tokenByLabel(const std::string& label) const
{
    auto all = tokens();
    if (!all) {
        return std::unexpected(all.error());
    }
    const auto found = std::ranges::find(*all, label, &TokenInfo::label);
    if (found == all->end()) {
        return fail(ErrorCode::TokenNotFound, "No card labelled \"" + label + "\" is in a reader.");
    }
    return *found;
}

Result<unsigned long> Pkcs11Module::openSession(unsigned long slotId) const
{
    CK_SESSION_HANDLE session = 0;
    const CK_RV rv = m_functions->C_OpenSession(slotId, CKF_SERIAL_SESSION, nullptr, nullptr, &session);
    if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_REMOVED) {
        return fail(ErrorCode::TokenNotFound, "The card was removed from the reader.", rvName(rv));
    }
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "A session with the card cannot be opened.", rvName(rv));
    }
    return session;
}

void Pkcs11Module::closeSession(unsigned long session) const
{
    m_functions->C_CloseSession(session);
}

Result<void> Pkcs11Module::login(unsigned long session, unsigned long slotId, const SecureBuffer& pin) const
{
    auto* pinBytes = reinterpret_cast<CK_UTF8CHAR*>(const_cast<char*>(pin.c_str()));
    CK_RV rv = m_functions->C_Login(session, CKU_USER, pinBytes, pin.size());
    if (rv == CKR_USER_ALREADY_LOGGED_IN) {
        // Logged in by an earlier sign-in in this process (the TLS engine keeps the card open).
        // The PIN typed now must still be checked by the card, so start over.
        m_functions->C_Logout(session);
        rv = m_functions->C_Login(session, CKU_USER, pinBytes, pin.size());
    }
    if (rv == CKR_OK) {
        return {};
    }
    if (rv == CKR_PIN_LOCKED) {
        return fail(ErrorCode::PinLocked,
                    "The card's PIN is locked after too many wrong tries. Take the card to your badge office "
                    "to have it unlocked.");
    }
    if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE) {
        const auto info = tokenInfo(slotId);
        if (info && info->pinLocked) {
            return fail(ErrorCode::PinLocked,
                        "The PIN was wrong and the card is now locked. Take the card to your badge office to "
                        "have it unlocked.");
        }
        if (info && info->pinFinalTry) {
            return fail(ErrorCode::PinIncorrect,
                        "The PIN is wrong. One try remains: another wrong PIN locks the card.");
        }
        if (info && info->pinCountLow) {
            return fail(ErrorCode::PinIncorrect, "The PIN is wrong. Few tries remain before the card locks.");
        }
        return fail(ErrorCode::PinIncorrect, "The PIN is wrong.");
    }
    return fail(ErrorCode::TokenFailure, "The card refused the sign-in.", rvName(rv));
}

void Pkcs11Module::logout(unsigned long session) const
{
    m_functions->C_Logout(session);
}

Result<unsigned long>
Pkcs11Module::findObject(unsigned long session, unsigned long objectClass, std::uint8_t objectId) const
{
    CK_OBJECT_CLASS wantedClass = objectClass;
    CK_BYTE id = objectId;
    CK_ATTRIBUTE query[] = {
        {CKA_CLASS, &wantedClass, sizeof wantedClass},
        {CKA_ID, &id, sizeof id},
    };
    CK_RV rv = m_functions->C_FindObjectsInit(session, query, 2);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card's contents cannot be searched.", rvName(rv));
    }
    CK_OBJECT_HANDLE object = 0;
    CK_ULONG found = 0;
    rv = m_functions->C_FindObjects(session, &object, 1, &found);
    m_functions->C_FindObjectsFinal(session);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card's contents cannot be searched.", rvName(rv));
    }
    if (found == 0) {
        const bool certificate = objectClass == CKO_CERTIFICATE;
        return fail(certificate ? ErrorCode::CertificateMissing : ErrorCode::TokenFailure,
                    certificate ? "The card holds no certificate in the expected slot; it may not be a PIV card."
                                : "The card holds no key in the expected slot, or the card is not signed in.",
                    "no object of class " + std::to_string(objectClass) + " with CKA_ID " + std::to_string(objectId));
    }
    return object;
}

Result<Bytes> Pkcs11Module::certificateDer(unsigned long session, std::uint8_t objectId) const
{
    auto object = findObject(session, CKO_CERTIFICATE, objectId);
    if (!object) {
        return std::unexpected(object.error());
    }
    CK_ATTRIBUTE value = {CKA_VALUE, nullptr, 0};
    CK_RV rv = m_functions->C_GetAttributeValue(session, *object, &value, 1);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card's certificate cannot be read.", rvName(rv));
    }
    Bytes der(value.ulValueLen);
    value.pValue = der.data();
    rv = m_functions->C_GetAttributeValue(session, *object, &value, 1);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card's certificate cannot be read.", rvName(rv));
    }
    der.resize(value.ulValueLen);
    return der;
}

Result<Bytes>
Pkcs11Module::sign(unsigned long session, std::uint8_t objectId, SignMechanism mechanism, const Bytes& input) const
{
    auto key = findObject(session, CKO_PRIVATE_KEY, objectId);
    if (!key) {
        return std::unexpected(key.error());
    }
    CK_MECHANISM chosen{};
    switch (mechanism) {
    case SignMechanism::RsaRaw:
        chosen.mechanism = CKM_RSA_X_509;
        break;
    case SignMechanism::RsaPkcs1:
        chosen.mechanism = CKM_RSA_PKCS;
        break;
    case SignMechanism::Ecdsa:
        chosen.mechanism = CKM_ECDSA;
        break;
    }
    CK_RV rv = m_functions->C_SignInit(session, &chosen, *key);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card refused to sign.", rvName(rv));
    }
    auto* data = const_cast<CK_BYTE*>(input.data());
    CK_ULONG length = 0;
    rv = m_functions->C_Sign(session, data, input.size(), nullptr, &length);
    Bytes signature(length);
    if (rv == CKR_OK) {
        rv = m_functions->C_Sign(session, data, input.size(), signature.data(), &length);
    }
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card could not sign.", rvName(rv));
    }
    signature.resize(length);
    return signature;
}

Result<SecureBuffer>
Pkcs11Module::decryptRsaOaep(unsigned long session, std::uint8_t objectId, const Bytes& ciphertext) const
{
    auto key = findObject(session, CKO_PRIVATE_KEY, objectId);
    if (!key) {
        return std::unexpected(key.error());
    }
    CK_RSA_PKCS_OAEP_PARAMS oaep{.hash_alg = CKM_SHA_1,
                                 .mgf = CKG_MGF1_SHA1,
                                 .source = CKZ_DATA_SPECIFIED,
                                 .source_data = nullptr,
                                 .source_data_len = 0};
    CK_MECHANISM mechanism{CKM_RSA_PKCS_OAEP, &oaep, sizeof oaep};
    CK_RV rv = m_functions->C_DecryptInit(session, &mechanism, *key);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card refused to unwrap the key.", rvName(rv));
    }
    auto* data = const_cast<CK_BYTE*>(ciphertext.data());
    CK_ULONG length = 0;
    rv = m_functions->C_Decrypt(session, data, ciphertext.size(), nullptr, &length);
    std::vector<CK_BYTE> plain(length);
    if (rv == CKR_OK) {
        rv = m_functions->C_Decrypt(session, data, ciphertext.size(), plain.data(), &length);
    }
    SecureBuffer result(std::string_view(reinterpret_cast<const char*>(plain.data()), rv == CKR_OK ? length : 0));
    std::fill(plain.begin(), plain.end(), CK_BYTE{0});
    if (rv != CKR_OK) {
        return fail(
            ErrorCode::TokenFailure, "The card could not unwrap the key: it was wrapped for another card.", rvName(rv));
    }
    return result;
}

Result<SecureBuffer>
Pkcs11Module::deriveEcdh(unsigned long session, std::uint8_t objectId, const Bytes& peerPoint, std::size_t length) const
{
    auto key = findObject(session, CKO_PRIVATE_KEY, objectId);
    if (!key) {
        return std::unexpected(key.error());
    }
    CK_ECDH1_DERIVE_PARAMS ecdh{.kdf = CKD_NULL,
                                .shared_data_len = 0,
                                .shared_data = nullptr,
                                .public_data_len = peerPoint.size(),
                                .public_data = const_cast<CK_BYTE*>(peerPoint.data())};
    CK_MECHANISM mechanism{CKM_ECDH1_DERIVE, &ecdh, sizeof ecdh};
    CK_OBJECT_CLASS secretClass = CKO_SECRET_KEY;
    CK_KEY_TYPE secretType = CKK_GENERIC_SECRET;
    CK_ULONG secretLength = length;
    CK_BBOOL no = CK_FALSE;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE secretTemplate[] = {
        {CKA_CLASS, &secretClass, sizeof secretClass},
        {CKA_KEY_TYPE, &secretType, sizeof secretType},
        {CKA_VALUE_LEN, &secretLength, sizeof secretLength},
        {CKA_TOKEN, &no, sizeof no},
        {CKA_SENSITIVE, &no, sizeof no},
        {CKA_EXTRACTABLE, &yes, sizeof yes},
    };
    CK_OBJECT_HANDLE secret = 0;
    CK_RV rv = m_functions->C_DeriveKey(session, &mechanism, *key, secretTemplate, 6, &secret);
    if (rv != CKR_OK) {
        return fail(ErrorCode::TokenFailure, "The card refused the key agreement.", rvName(rv));
    }
    std::vector<CK_BYTE> value(length);
    CK_ATTRIBUTE read = {CKA_VALUE, value.data(), value.size()};
    rv = m_functions->C_GetAttributeValue(session, secret, &read, 1);
    m_functions->C_DestroyObject(session, secret);
    SecureBuffer shared(
        std::string_view(reinterpret_cast<const char*>(value.data()), rv == CKR_OK ? read.ulValueLen : 0));
    std::fill(value.begin(), value.end(), CK_BYTE{0});
    if (rv != CKR_OK || shared.size() != length) {
        return fail(ErrorCode::TokenFailure, "The card's key agreement gave no usable secret.", rvName(rv));
    }
    return shared;
}

} // namespace cms::core::auth
