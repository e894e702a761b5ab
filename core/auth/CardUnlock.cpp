#include "core/auth/CardUnlock.h"

#include "core/auth/PivKeys.h"
#include "core/auth/Pkcs11Module.h"
#include "core/auth/TokenSession.h"
#include "core/pki/CertificateInfo.h"

namespace cms::core::auth {

Result<void> CardUnlock::verify(const config::AppConfig& config,
                                const std::string& tokenLabel,
                                const std::string& signedInCardUuid,
                                const SecureBuffer& pin)
{
    auto module = Pkcs11Module::load(config.pkcs11.modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto token = (*module)->tokenByLabel(tokenLabel);
    if (!token) {
        return std::unexpected(token.error());
    }
    auto session = TokenSession::open(*module, *token);
    if (!session) {
        return std::unexpected(session.error());
    }
    // Which card this is, before its PIN is tried: a wrong card must not cost its owner a try.
    auto der = session->certificateDer(kPivAuthenticationId);
    if (!der) {
        return std::unexpected(der.error());
    }
    auto certificate = pki::CertificateInfo::fromDer(*der);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    if (certificate->cardUuid.value_or("") != signedInCardUuid) {
        return fail(ErrorCode::CertificateRefused,
                    "This is not the card that signed in: only the same card unlocks this session.");
    }
    return session->login(pin);
}

} // namespace cms::core::auth
