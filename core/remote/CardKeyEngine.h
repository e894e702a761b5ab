#pragma once

#include "core/auth/TokenSession.h"
#include "core/common/Result.h"

#include <memory>
#include <string>

namespace cms::core::remote {

// An OpenSSL engine, id "cmscard", through which libpq signs the TLS handshake with the card:
// `sslkey=cmscard:<token label>` loads a key whose public half comes from the card's
// certificate and whose every private operation is a C_Sign on the card, in the session the
// sign-in opened. The key never leaves the card and the engine never holds the PIN.
//
// Why not libp11's "pkcs11" engine: it caches the card's object handles across connections, and
// the fresh PIN check (logout, login) of the next sign-in in the same process voids them
// ("Object handle invalid"), while its RE_ENUMERATE control crashes in Debian 12's build. Looking
// the key up at each signature in our own session has neither problem.
class CardKeyEngine
{
public:
    static constexpr const char* kEngineId = "cmscard";

    // While an attachment lives, libpq can load the PIV Authentication key (CKA_ID 01) of its
    // session's token. One at a time (CardConnector serialises sign-ins); dropping it releases
    // the session.
    class Attachment
    {
    public:
        Attachment() = default;
        ~Attachment();
        Attachment(const Attachment&) = delete;
        Attachment& operator=(const Attachment&) = delete;
    };

    [[nodiscard]] static Result<std::unique_ptr<Attachment>> attach(std::shared_ptr<auth::TokenSession> session,
                                                                    auth::Bytes certificateDer);
};

} // namespace cms::core::remote
