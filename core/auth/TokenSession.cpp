#include "core/auth/TokenSession.h"

#include <utility>

namespace cms::core::auth {

TokenSession::TokenSession(std::shared_ptr<const Pkcs11Module> module, TokenInfo token, unsigned long handle)
    : m_module(std::move(module))
    , m_token(std::move(token))
    , m_handle(handle)
    , m_open(true)
{}

Result<TokenSession> TokenSession::open(std::shared_ptr<const Pkcs11Module> module, const TokenInfo& token)
{
    auto handle = module->openSession(token.slotId);
    if (!handle) {
        return std::unexpected(handle.error());
    }
    return TokenSession(std::move(module), token, *handle);
}

TokenSession::TokenSession(TokenSession&& other) noexcept
    : m_module(std::move(other.m_module))
    , m_token(std::move(other.m_token))
    , m_handle(other.m_handle)
    , m_open(std::exchange(other.m_open, false))
    , m_loggedIn(std::exchange(other.m_loggedIn, false))
{}

TokenSession& TokenSession::operator=(TokenSession&& other) noexcept
{
    if (this != &other) {
        close();
        m_module = std::move(other.m_module);
        m_token = std::move(other.m_token);
        m_handle = other.m_handle;
        m_open = std::exchange(other.m_open, false);
        m_loggedIn = std::exchange(other.m_loggedIn, false);
    }
    return *this;
}

TokenSession::~TokenSession()
{
    close();
}

void TokenSession::close()
{
    if (!m_open) {
        return;
    }
    if (m_loggedIn) {
        m_module->logout(m_handle);
        m_loggedIn = false;
    }
    m_module->closeSession(m_handle);
    m_open = false;
}

Result<void> TokenSession::login(const SecureBuffer& pin)
{
    auto result = m_module->login(m_handle, m_token.slotId, pin);
    if (result) {
        m_loggedIn = true;
    }
    return result;
}

Result<Bytes> TokenSession::certificateDer(std::uint8_t objectId) const
{
    return m_module->certificateDer(m_handle, objectId);
}

Result<TokenSession>
TokenSession::signIn(const std::filesystem::path& modulePath, const std::string& tokenLabel, const SecureBuffer& pin)
{
    auto module = Pkcs11Module::load(modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto token = (*module)->tokenByLabel(tokenLabel);
    if (!token) {
        return std::unexpected(token.error());
    }
    auto session = open(*module, *token);
    if (!session) {
        return session;
    }
    if (auto login = session->login(pin); !login) {
        return std::unexpected(login.error());
    }
    return session;
}

Result<SecureBuffer> TokenSession::decryptRsaOaep(std::uint8_t keyId, const Bytes& ciphertext) const
{
    return m_module->decryptRsaOaep(m_handle, keyId, ciphertext);
}

Result<SecureBuffer> TokenSession::deriveEcdh(std::uint8_t keyId, const Bytes& peerPoint, std::size_t length) const
{
    return m_module->deriveEcdh(m_handle, keyId, peerPoint, length);
}

Result<Bytes> TokenSession::sign(std::uint8_t keyId, SignMechanism mechanism, const Bytes& input) const
{
    return m_module->sign(m_handle, keyId, mechanism, input);
}

const TokenInfo& TokenSession::token() const
{
    return m_token;
}

} // namespace cms::core::auth
