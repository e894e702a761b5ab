#pragma once

#include "core/cache/OfflineCache.h"
#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"
#include "core/sync/ChangePuller.h"
#include "core/sync/DeviceAuditUpload.h"
#include "core/sync/OutboxPusher.h"
#include "core/sync/PiiCheckout.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

struct FieldWorkStatus
{
    int cases = 0;          // checked out
    long long pending = 0;  // edits in the outbox
    std::string lastSyncAt; // UTC, ISO 8601; empty: never
};

struct SyncReport
{
    PushReport pushed;
    PullReport pulled;
    DeviceAuditReport audit;  // the events recorded offline, sent
    int copiesRegistered = 0; // hard copies printed offline, now in the office's register
    PiiCheckoutReport pii;    // PII of the cases' people taken or taken out (PII-holders' caches)
};

// What the desktop does for field work, online (issue: offline field work): unlock the person's
// cache with their card, take cases, sync (push then pull), and say where the cache stands.
class FieldWork
{
public:
    // The person's cache folder: <state folder>/cms/offline/<login role>.
    [[nodiscard]] static std::filesystem::path cacheFolder(const std::string& loginRole);
    // The card signs in with its PIN and opens (the first time: makes) the cache.
    [[nodiscard]] static Result<cache::OfflineCache> unlock(const config::AppConfig& config,
                                                            const std::string& tokenLabel,
                                                            const SecureBuffer& pin,
                                                            const std::filesystem::path& folder);
    // Signs the laptop's audit batches with the card (its PIV Authentication key), signed in
    // with the PIN for as long as the signer lives.
    [[nodiscard]] static Result<BatchSigner>
    cardSigner(const config::AppConfig& config, const std::string& tokenLabel, const SecureBuffer& pin);
    // Whether an unlock failed because the cache was made with another card (a reissued card
    // meets the cache of the previous one).
    [[nodiscard]] static bool madeWithAnotherCard(const Error& error);
    // The cards present other than `currentLabel` (where the previous card may be).
    [[nodiscard]] static Result<std::vector<std::string>> otherCards(const config::AppConfig& config,
                                                                     const std::string& currentLabel);
    // A reissued card takes the cache over: the previous card, signed in with its PIN, moves the
    // key to the new card (cache::OfflineCache::moveToCard), which then opens the cache. The
    // caller has signed the person in online with the new card.
    [[nodiscard]] static Result<cache::OfflineCache> moveToNewCard(const config::AppConfig& config,
                                                                   const std::string& previousLabel,
                                                                   const SecureBuffer& previousPin,
                                                                   const std::string& newLabel,
                                                                   const SecureBuffer& newPin,
                                                                   const std::filesystem::path& folder);
    // The person's assigned open cases into the cache.
    [[nodiscard]] static Result<PullReport> takeAssignedCases(const cache::CacheDatabase& cache,
                                                              const remote::PgConnection& server);
    // The cases the person chose (any open case they may see: a colleague's, the team's) into the
    // cache; the report names those not taken (closed, not visible, no such case).
    [[nodiscard]] static Result<PullReport> takeChosenCases(const cache::CacheDatabase& cache,
                                                            const remote::PgConnection& server,
                                                            const std::vector<std::string>& caseIds);
    // Gives cases back from field work (ChangePuller::giveBack), recorded as `sync.return`.
    [[nodiscard]] static Result<ReturnReport> returnCases(const cache::CacheDatabase& cache,
                                                          const remote::PgConnection& server,
                                                          const std::vector<std::string>& caseIds);
    // The events recorded offline first (they tell what the edits were made in; signed by the
    // card through `signer`, and left waiting without one), the copies printed offline, then
    // push, then pull (not after a cancelled push). `progress` as OutboxPusher::push takes it.
    [[nodiscard]] static Result<SyncReport> sync(const cache::CacheDatabase& cache,
                                                 const remote::PgConnection& server,
                                                 const BatchSigner& signer,
                                                 const OutboxPusher::Progress& progress = {});
    [[nodiscard]] static Result<FieldWorkStatus> status(const cache::CacheDatabase& cache);

private:
    // Check-out and its audit event (`sync.check_out`, `chosen` when the person picked the cases).
    [[nodiscard]] static Result<PullReport> takeCases(const cache::CacheDatabase& cache,
                                                      const remote::PgConnection& server,
                                                      const std::vector<std::string>& caseIds,
                                                      bool chosen);
};

} // namespace cms::core::sync
