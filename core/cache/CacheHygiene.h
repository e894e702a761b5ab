#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <chrono>
#include <filesystem>

namespace cms::core::cache {

// The offline cache's hygiene (issue: offline field work): ten failed unlocks in a row wipe it;
// a cache not synced for too long stays locked until an online sign-in; sign-out of a shared
// laptop can wipe it. Wiping removes the key file first: without it nothing of the database can
// be read, whatever is left on the disk.
class CacheHygiene
{
public:
    static constexpr int kMaxFailedUnlocks = 10;
    static constexpr const char* kFailuresFile = "unlock-failures";

    explicit CacheHygiene(std::filesystem::path folder);

    // Counts a failed unlock (a wrong PIN, another card); returns true if this one wiped the cache.
    [[nodiscard]] Result<bool> recordFailedUnlock() const;
    void recordUnlocked() const;
    [[nodiscard]] int failedUnlocks() const;
    [[nodiscard]] Result<void> wipe() const;

    // Refuses an offline unlock when the cache's last sync is older than `maxDaysWithoutSync`.
    [[nodiscard]] static Result<void>
    checkSyncedRecently(const CacheDatabase& cache, int maxDaysWithoutSync, std::chrono::system_clock::time_point now);

private:
    std::filesystem::path m_folder;
};

} // namespace cms::core::cache
