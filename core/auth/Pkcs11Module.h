#pragma once

#include "core/auth/SignMechanism.h"
#include "core/auth/TokenInfo.h"
#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

struct _CK_FUNCTION_LIST; // p11-kit's name for CK_FUNCTION_LIST

namespace cms::core::auth {

using Bytes = std::vector<std::uint8_t>;

// A loaded PKCS#11 module (OpenSC for PIV cards, SoftHSM2 in tests). The only place that
// includes pkcs11.h: p11-kit's header defines lowercase macros that would leak everywhere.
// A module is initialised once per process; share the instance.
class Pkcs11Module : public std::enable_shared_from_this<Pkcs11Module>
{
public:
    [[nodiscard]] static Result<std::shared_ptr<Pkcs11Module>> load(const std::filesystem::path& path);
    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const;
    [[nodiscard]] Result<std::vector<TokenInfo>> tokens() const;
    [[nodiscard]] Result<TokenInfo> tokenByLabel(const std::string& label) const;

    // Session-level calls, used through TokenSession.
    [[nodiscard]] Result<unsigned long> openSession(unsigned long slotId) const;
    void closeSession(unsigned long session) const;
    [[nodiscard]] Result<void> login(unsigned long session, unsigned long slotId, const SecureBuffer& pin) const;
    void logout(unsigned long session) const;
    [[nodiscard]] Result<Bytes> certificateDer(unsigned long session, std::uint8_t objectId) const;
    // Signs with the private key whose CKA_ID is `objectId`. The key is looked up at each call:
    // object handles do not survive a logout.
    [[nodiscard]] Result<Bytes>
    sign(unsigned long session, std::uint8_t objectId, SignMechanism mechanism, const Bytes& input) const;

    // Decrypts with the private key `objectId` by RSA-OAEP with SHA-1 as hash and MGF (the one
    // OAEP that SoftHSM and card middleware share; still sound as OAEP).
    [[nodiscard]] Result<SecureBuffer>
    decryptRsaOaep(unsigned long session, std::uint8_t objectId, const Bytes& ciphertext) const;
    // ECDH of the private key `objectId` with a peer's uncompressed point (CKM_ECDH1_DERIVE, no
    // KDF): the shared secret, `length` bytes.
    [[nodiscard]] Result<SecureBuffer>
    deriveEcdh(unsigned long session, std::uint8_t objectId, const Bytes& peerPoint, std::size_t length) const;

private:
    Pkcs11Module(std::filesystem::path path, void* handle, _CK_FUNCTION_LIST* functions);
    [[nodiscard]] Result<TokenInfo> tokenInfo(unsigned long slotId) const;
    [[nodiscard]] Result<unsigned long>
    findObject(unsigned long session, unsigned long objectClass, std::uint8_t objectId) const;

    std::filesystem::path m_path;
    void* m_handle = nullptr;
    _CK_FUNCTION_LIST* m_functions = nullptr;
};

} // namespace cms::core::auth
