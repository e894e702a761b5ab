#include "core/cache/OfflineSignIn.h"

#include "core/auth/PossessionProof.h"
#include "core/auth/TokenSession.h"
#include "core/cache/CacheHygiene.h"
#include "core/pki/CertificateValidator.h"

namespace cms::core::cache {

namespace {

constexpr std::uint8_t kPivAuthenticationId = 0x01;

// A failed unlock counts; the tenth wipes the cache, and the person is told.
Error counted(const CacheHygiene& hygiene, Error error)
{
    auto wiped = hygiene.recordFailedUnlock();
    if (wiped && *wiped) {
        error.message += " This was the tenth failed unlock in a row: the offline cache was wiped. Sign in online "
                         "to work again.";
    }
    return error;
}

} // namespace

OfflineSignIn::OfflineSignIn(config::AppConfig config)
    : m_config(std::move(config))
{}

Result<OfflineSession> OfflineSignIn::signIn(const std::string& tokenLabel,
                                             const SecureBuffer& pin,
                                             const std::filesystem::path& cacheFolder,
                                             std::chrono::system_clock::time_point now) const
{
    if (!OfflineCache::exists(cacheFolder)) {
        return fail(ErrorCode::InvalidArgument,
                    "There is no offline cache on this computer: sign in online and take cases for field work first.");
    }
    const CacheHygiene hygiene(cacheFolder);
    auto session = auth::TokenSession::signIn(m_config.pkcs11.modulePath, tokenLabel, pin);
    if (!session) {
        return std::unexpected(session.error().code == ErrorCode::PinIncorrect ? counted(hygiene, session.error())
                                                                               : session.error());
    }
    auto der = session->certificateDer(kPivAuthenticationId);
    if (!der) {
        return std::unexpected(der.error());
    }
    // The cached CRL and the configured trust material only: offline, nothing is fetched.
    auto validator = pki::CertificateValidator::load(m_config.pki);
    if (!validator) {
        return std::unexpected(validator.error());
    }
    const auto verdict = validator->validate(*der, now);
    if (!verdict.trusted()) {
        return fail(ErrorCode::CertificateRefused, verdict.message, verdict.detail);
    }
    auto certificate = pki::CertificateInfo::fromDer(*der);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    // As at the online sign-in: cards capped at TLS 1.2 are the ones whose middleware cannot sign PSS.
    const auto padding = m_config.server.tlsMaxVersion == "1.2" ? auth::PossessionProof::RsaPadding::Pkcs1v15
                                                                : auth::PossessionProof::RsaPadding::Pss;
    if (auto proven = auth::PossessionProof::prove(*session, kPivAuthenticationId, *der, padding); !proven) {
        return std::unexpected(proven.error());
    }
    auto cache = OfflineCache::open(cacheFolder, *session);
    if (!cache) {
        return std::unexpected(counted(hygiene, cache.error()));
    }
    if (auto fresh = CacheHygiene::checkSyncedRecently(cache->database(), m_config.offline.maxDaysWithoutSync, now);
        !fresh) {
        return std::unexpected(fresh.error());
    }
    hygiene.recordUnlocked();
    return OfflineSession{std::move(*cache), std::move(*certificate)};
}

} // namespace cms::core::cache
