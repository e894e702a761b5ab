#include "core/sync/FieldWork.h"

#include "core/auth/TokenSession.h"
#include "core/cache/WrappedCacheKey.h"
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

bool FieldWork::madeWithAnotherCard(const Error& error)
{
    return error.code == ErrorCode::TokenFailure && error.message.find("belongs to another card") != std::string::npos;
}

Result<std::vector<std::string>> FieldWork::otherCards(const config::AppConfig& config, const std::string& currentLabel)
{
    auto module = auth::Pkcs11Module::load(config.pkcs11.modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto tokens = (*module)->tokens();
    if (!tokens) {
        return std::unexpected(tokens.error());
    }
    std::vector<std::string> labels;
    for (const auto& token : *tokens) {
        if (token.label != currentLabel) {
            labels.push_back(token.label);
        }
    }
    return labels;
}

Result<cache::OfflineCache> FieldWork::moveToNewCard(const config::AppConfig& config,
                                                     const std::string& previousLabel,
                                                     const SecureBuffer& previousPin,
                                                     const std::string& newLabel,
                                                     const SecureBuffer& newPin,
                                                     const std::filesystem::path& folder)
{
    auto reissued = auth::TokenSession::signIn(config.pkcs11.modulePath, newLabel, newPin);
    if (!reissued) {
        return std::unexpected(reissued.error());
    }
    auto certificate = reissued->certificateDer(cache::WrappedCacheKey::kKeyManagementId);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    {
        auto previous = auth::TokenSession::signIn(config.pkcs11.modulePath, previousLabel, previousPin);
        if (!previous) {
            return std::unexpected(previous.error());
        }
        if (auto moved = cache::OfflineCache::moveToCard(folder, *previous, *certificate); !moved) {
            return std::unexpected(moved.error());
        }
    }
    return cache::OfflineCache::open(folder, *reissued);
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
