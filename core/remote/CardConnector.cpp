#include "core/remote/CardConnector.h"

#include "core/auth/PivKeys.h"
#include "core/auth/Pkcs11Module.h"
#include "core/auth/PossessionProof.h"
#include "core/auth/TokenSession.h"
#include "core/common/PrivateTempFile.h"
#include "core/pki/CertificateValidator.h"
#include "core/remote/CardKeyEngine.h"

#include <array>
#include <cctype>
#include <chrono>
#include <mutex>
#include <unistd.h>

namespace cms::core::remote {

namespace {

// This computer's name for the audit trail: letters, digits, dot, dash and underscore only (it
// travels in libpq's options, where a space would end it).
std::string workstationName()
{
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) {
        return "unknown";
    }
    std::string kept;
    for (const char c : std::string(name.data())) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_') {
            kept += c;
        }
    }
    return kept.empty() ? "unknown" : kept;
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

// The server mapped the certificate's subject to a role; the person is tied to one card by its
// UUID. A card with the same subject but another UUID (an old or a forged card that still
// validates) stops here.
Result<void> checkCardOnRecord(const PgConnection& connection, const pki::CertificateInfo& certificate)
{
    if (!certificate.cardUuid) {
        return fail(ErrorCode::CertificateRefused,
                    "The card's certificate carries no card UUID, so it cannot be matched to your record. Contact "
                    "your badge office.");
    }
    auto onRecord = connection.queryValue("SELECT cms.my_card()::text");
    if (!onRecord) {
        return std::unexpected(onRecord.error());
    }
    if (!onRecord->has_value()) {
        return fail(ErrorCode::CertificateRefused,
                    "No card is on record for your account. Ask your access administrator to register this card.");
    }
    if (**onRecord != *certificate.cardUuid) {
        return fail(ErrorCode::CertificateRefused,
                    "This card is not the one on record for your account. Ask your access administrator.",
                    "card " + *certificate.cardUuid + " used, " + **onRecord + " on record");
    }
    return {};
}

} // namespace

CardConnector::CardConnector(config::AppConfig config)
    : m_config(std::move(config))
{}

CardConnector CardConnector::serverChecksOnly(config::AppConfig config)
{
    CardConnector connector(std::move(config));
    connector.m_validateCertificate = false;
    return connector;
}

Result<CardConnection> CardConnector::connect(const CardConnectRequest& request, const SecureBuffer& pin) const
{
    // A card's login state is shared by every session of the process: one sign-in at a time.
    static std::mutex signInMutex;
    const std::lock_guard signingIn(signInMutex);
    auto module = auth::Pkcs11Module::load(m_config.pkcs11.modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto token = (*module)->tokenByLabel(request.tokenLabel);
    if (!token) {
        return std::unexpected(token.error());
    }
    auto opened = auth::TokenSession::open(*module, *token);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    auto session = std::make_shared<auth::TokenSession>(std::move(*opened));
    if (auto login = session->login(pin); !login) {
        return std::unexpected(login.error());
    }
    auto certificateDer = session->certificateDer(auth::kPivAuthenticationId);
    if (!certificateDer) {
        return std::unexpected(certificateDer.error());
    }
    auto certificate = pki::CertificateInfo::fromDer(*certificateDer);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    bool revocationListOverdue = false;
    if (m_validateCertificate) {
        auto validator = pki::CertificateValidator::load(m_config.pki);
        if (!validator) {
            return std::unexpected(validator.error());
        }
        const auto verdict = validator->validate(*certificateDer, std::chrono::system_clock::now());
        if (!verdict.trusted()) {
            return fail(ErrorCode::CertificateRefused,
                        verdict.message,
                        std::string(pki::toString(verdict.cause)) + ": " + verdict.detail);
        }
        revocationListOverdue = verdict.revocationListOverdue;
    }
    // Before anything the card says is trusted: does it hold the key of that certificate? Cards
    // whose middleware cannot sign PSS are the ones capped at TLS 1.2; they prove with PKCS#1 v1.5.
    const auto padding = m_config.server.tlsMaxVersion == "1.2" ? auth::PossessionProof::RsaPadding::Pkcs1v15
                                                                : auth::PossessionProof::RsaPadding::Pss;
    if (auto proven = auth::PossessionProof::prove(*session, auth::kPivAuthenticationId, *certificateDer, padding);
        !proven) {
        return std::unexpected(proven.error());
    }
    auto role = loginRoleFor(request, *certificate);
    if (!role) {
        return std::unexpected(role.error());
    }
    auto pem = pki::CertificateInfo::derToPem(*certificateDer);
    if (!pem) {
        return std::unexpected(pem.error());
    }
    auto certificateFile = PrivateTempFile::create(*pem);
    if (!certificateFile) {
        return std::unexpected(certificateFile.error());
    }
    // The card stays signed in only while the handshake needs it: the attachment holds the only
    // reference to the session, which logs out when the attachment goes at the end of this call.
    auto attachment = CardKeyEngine::attach(std::move(session), std::move(*certificateDer));
    if (!attachment) {
        return std::unexpected(attachment.error());
    }
    const auto& server = m_config.server;
    auto connection = PgConnection::open({
        {"host", server.host},
        {"port", std::to_string(server.port)},
        {"dbname", server.dbname},
        {"user", *role},
        {"application_name", request.applicationName},
        // The workstation on every audit event (AU-3; sql/server/0021).
        {"options", "-c cms.workstation=" + workstationName()},
        {"connect_timeout", std::to_string(server.connectTimeoutSeconds)},
        {"sslmode", "verify-full"},
        {"sslrootcert", server.rootCert.string()},
        {"sslcert", certificateFile->path().string()},
        {"sslkey", std::string(CardKeyEngine::kEngineId) + ":" + request.tokenLabel},
        {"ssl_min_protocol_version", "TLSv1.2"},
        {"ssl_max_protocol_version", server.tlsMaxVersion == "1.2" ? "TLSv1.2" : "TLSv1.3"},
        {"gssencmode", "disable"},
    });
    if (!connection) {
        return std::unexpected(connection.error());
    }
    if (auto onRecord = checkCardOnRecord(*connection, *certificate); !onRecord) {
        return std::unexpected(onRecord.error());
    }
    return CardConnection{std::move(*connection), std::move(*token), std::move(*certificate), revocationListOverdue};
}

} // namespace cms::core::remote
