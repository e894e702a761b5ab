#pragma once

#include "core/auth/Pkcs11Module.h"

namespace cms::core::auth {

// An open PKCS#11 session on one token; logs out and closes when destroyed.
class TokenSession
{
public:
    [[nodiscard]] static Result<TokenSession> open(std::shared_ptr<const Pkcs11Module> module, const TokenInfo& token);
    // Loads the module, finds the card by its label and signs in with the PIN.
    [[nodiscard]] static Result<TokenSession>
    signIn(const std::filesystem::path& modulePath, const std::string& tokenLabel, const SecureBuffer& pin);
    TokenSession(TokenSession&& other) noexcept;
    TokenSession& operator=(TokenSession&& other) noexcept;
    TokenSession(const TokenSession&) = delete;
    TokenSession& operator=(const TokenSession&) = delete;
    ~TokenSession();

    [[nodiscard]] Result<void> login(const SecureBuffer& pin);
    [[nodiscard]] Result<Bytes> certificateDer(std::uint8_t objectId) const;
    [[nodiscard]] Result<Bytes> sign(std::uint8_t keyId, SignMechanism mechanism, const Bytes& input) const;
    [[nodiscard]] Result<SecureBuffer> decryptRsaOaep(std::uint8_t keyId, const Bytes& ciphertext) const;
    [[nodiscard]] Result<SecureBuffer> deriveEcdh(std::uint8_t keyId, const Bytes& peerPoint, std::size_t length) const;
    [[nodiscard]] const TokenInfo& token() const;

private:
    TokenSession(std::shared_ptr<const Pkcs11Module> module, TokenInfo token, unsigned long handle);
    void close();

    std::shared_ptr<const Pkcs11Module> m_module;
    TokenInfo m_token;
    unsigned long m_handle = 0;
    bool m_open = false;
    bool m_loggedIn = false;
};

} // namespace cms::core::auth
