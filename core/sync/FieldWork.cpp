#include "core/sync/FieldWork.h"

#include "core/auth/TokenSession.h"
#include "core/common/StateFolder.h"
#include "core/sync/OfflineEdits.h"

namespace cms::core::sync {

std::filesystem::path FieldWork::cacheFolder(const std::string& loginRole)
{
    return userStateFolder() / "offline" / loginRole;
}

Result<cache::OfflineCache> FieldWork::unlock(const config::AppConfig& config,
                                              const std::string& tokenLabel,
                                              const SecureBuffer& pin,
                                              const std::filesystem::path& folder)
{
    auto session = auth::TokenSession::signIn(config.pkcs11.modulePath, tokenLabel, pin);
    if (!session) {
        return std::unexpected(session.error());
    }
    return cache::OfflineCache::open(folder, *session);
}

Result<PullReport> FieldWork::takeAssignedCases(const cache::CacheDatabase& cache, const remote::PgConnection& server)
{
    const ChangePuller puller(cache, server);
    auto cases = puller.assignedOpenCases();
    if (!cases) {
        return std::unexpected(cases.error());
    }
    return puller.checkOut(*cases);
}

Result<SyncReport> FieldWork::sync(const cache::CacheDatabase& cache,
                                   const remote::PgConnection& server,
                                   const OutboxPusher::Progress& progress)
{
    auto pushed = OutboxPusher(cache, server).push(progress);
    if (!pushed) {
        return std::unexpected(pushed.error());
    }
    if (pushed->cancelled) {
        return SyncReport{*pushed, {}};
    }
    auto pulled = ChangePuller(cache, server).pull();
    if (!pulled) {
        return std::unexpected(pulled.error());
    }
    return SyncReport{*pushed, *pulled};
}

Result<FieldWorkStatus> FieldWork::status(const cache::CacheDatabase& cache)
{
    auto cases = cache.queryValue("SELECT count(*) FROM checked_out");
    auto pending = OfflineEdits(cache).pendingCount();
    auto last = cache.queryValue("SELECT value FROM cache_meta WHERE name = 'last_sync_at'");
    if (!cases || !pending || !last) {
        return std::unexpected(!cases ? cases.error() : !pending ? pending.error() : last.error());
    }
    return FieldWorkStatus{std::stoi(cases->value_or("0")), *pending, last->value_or("")};
}

} // namespace cms::core::sync
