#pragma once

#include "core/auth/TokenInfo.h"
#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"
#include "core/pki/CertificateInfo.h"
#include "core/remote/PgConnection.h"

#include <optional>
#include <string>

namespace cms::core::remote {

struct CardConnectRequest
{
    std::string tokenLabel;
    // The login role to ask for. Without it, the local part of the card's UPN is asked for: the
    // server's certificate-to-role map (pg_ident.conf) decides whether the card may use it, so
    // this choice grants nothing.
    std::optional<std::string> loginRole;
    std::string applicationName = "cms";
};

struct CardConnection
{
    PgConnection connection;
    auth::TokenInfo token;
    pki::CertificateInfo certificate;
    // The cached CRL is past its nextUpdate (within the configured grace): worth telling the user.
    bool revocationListOverdue = false;
};

// Connects to the central database with the card: checks the PIN with the card itself (so a
// wrong PIN is reported with the tries left), reads the PIV Authentication certificate (9A,
// CKA_ID 01) and validates it (pki::CertificateValidator: chain, dates, usage, cached CRL, card
// UUID) and has the card prove it holds the certificate's key (auth::PossessionProof), all
// before anything goes on the network; then has libpq authenticate TLS with the card's key
// through CardKeyEngine, and then checks that the card is the one on record for the account
// (its UUID, cms.my_card()).
class CardConnector
{
public:
    explicit CardConnector(config::AppConfig config);
    // Without the client's own certificate validation: for tests that prove the server refuses
    // bad cards by itself (the client is not trusted, so the server must). Never for sign-in.
    [[nodiscard]] static CardConnector serverChecksOnly(config::AppConfig config);

    [[nodiscard]] Result<CardConnection> connect(const CardConnectRequest& request, const SecureBuffer& pin) const;

private:
    config::AppConfig m_config;
    bool m_validateCertificate = true;
};

} // namespace cms::core::remote
