#include "core/remote/CardConnector.h"

#include "core/auth/Pkcs11Module.h"
#include "core/auth/TokenSession.h"
#include "core/common/PrivateTempFile.h"
#include "core/remote/Pkcs11TlsEngine.h"

#include <cctype>
#include <cstdio>

namespace cms::core::remote {

namespace {

constexpr std::uint8_t kPivAuthenticationId = 0x01;

std::string percentEncoded(const std::string& text)
{
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

Result<std::string> loginRoleFor(const CardConnectRequest& request, const pki::CertificateInfo& certificate)
{
    if (request.loginRole && !request.loginRole->empty()) {
        return *request.loginRole;
    }
    if (!certificate.userPrincipalName) {
        return fail(ErrorCode::InvalidArgument,
                    "The card's certificate names no account (no UPN); give the account name explicitly.");
    }
    std::string role = certificate.userPrincipalName->substr(0, certificate.userPrincipalName->find('@'));
    for (char& c : role) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return role;
}

} // namespace

CardConnector::CardConnector(config::AppConfig config)
    : m_config(std::move(config))
{}

std::string CardConnector::authenticationKeyUri(const std::string& tokenLabel)
{
    return "pkcs11:token=" + percentEncoded(tokenLabel) + ";id=%01;type=private";
}

Result<CardConnection> CardConnector::connect(const CardConnectRequest& request, const SecureBuffer& pin) const
{
    auto module = auth::Pkcs11Module::load(m_config.pkcs11.modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto token = (*module)->tokenByLabel(request.tokenLabel);
    if (!token) {
        return std::unexpected(token.error());
    }
    auth::Bytes certificateDer;
    {
        auto session = auth::TokenSession::open(*module, *token);
        if (!session) {
            return std::unexpected(session.error());
        }
        if (auto login = session->login(pin); !login) {
            return std::unexpected(login.error());
        }
        auto der = session->certificateDer(kPivAuthenticationId);
        if (!der) {
            return std::unexpected(der.error());
        }
        certificateDer = std::move(*der);
    }
    auto certificate = pki::CertificateInfo::fromDer(certificateDer);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    auto role = loginRoleFor(request, *certificate);
    if (!role) {
        return std::unexpected(role.error());
    }
    auto pem = pki::CertificateInfo::derToPem(certificateDer);
    if (!pem) {
        return std::unexpected(pem.error());
    }
    auto certificateFile = PrivateTempFile::create(*pem);
    if (!certificateFile) {
        return std::unexpected(certificateFile.error());
    }
    if (auto engine = Pkcs11TlsEngine::prepare(m_config.pkcs11.modulePath, pin); !engine) {
        return std::unexpected(engine.error());
    }
    const auto& server = m_config.server;
    auto connection = PgConnection::open({
        {"host", server.host},
        {"port", std::to_string(server.port)},
        {"dbname", server.dbname},
        {"user", *role},
        {"application_name", request.applicationName},
        {"connect_timeout", std::to_string(server.connectTimeoutSeconds)},
        {"sslmode", "verify-full"},
        {"sslrootcert", server.rootCert.string()},
        {"sslcert", certificateFile->path().string()},
        {"sslkey", "pkcs11:" + authenticationKeyUri(request.tokenLabel)},
        {"ssl_min_protocol_version", "TLSv1.2"},
        {"ssl_max_protocol_version", server.tlsMaxVersion == "1.2" ? "TLSv1.2" : "TLSv1.3"},
        {"gssencmode", "disable"},
    });
    Pkcs11TlsEngine::forgetPin();
    if (!connection) {
        return std::unexpected(connection.error());
    }
    return CardConnection{std::move(*connection), std::move(*token), std::move(*certificate)};
}

} // namespace cms::core::remote
