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
};

// Connects to the central database with the card: checks the PIN with the card itself (so a
// wrong PIN is reported with the tries left), reads the PIV Authentication certificate (9A,
// CKA_ID 01), has libpq authenticate TLS with the card's key through CardKeyEngine, and then
// checks that the card is the one on record for the account (its UUID, cms.my_card()).
class CardConnector
{
public:
    explicit CardConnector(config::AppConfig config);

    [[nodiscard]] Result<CardConnection> connect(const CardConnectRequest& request, const SecureBuffer& pin) const;

private:
    config::AppConfig m_config;
};

} // namespace cms::core::remote
