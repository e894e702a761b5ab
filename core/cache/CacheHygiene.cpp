#include "core/cache/CacheHygiene.h"

#include "core/cache/OfflineCache.h"
#include "core/common/AtomicFile.h"
#include "core/common/UtcTime.h"

#include <fstream>
#include <system_error>

namespace cms::core::cache {

CacheHygiene::CacheHygiene(std::filesystem::path folder)
    : m_folder(std::move(folder))
{}

int CacheHygiene::failedUnlocks() const
{
    std::ifstream in(m_folder / kFailuresFile);
    int count = 0;
    return in >> count ? count : 0;
}

Result<bool> CacheHygiene::recordFailedUnlock() const
{
    const int count = failedUnlocks() + 1;
    if (count >= kMaxFailedUnlocks) {
        auto wiped = wipe();
        if (!wiped) {
            return std::unexpected(wiped.error());
        }
        return true;
    }
    if (auto written = AtomicFile::replace(m_folder / kFailuresFile, std::to_string(count) + "\n", 0600); !written) {
        return std::unexpected(written.error());
    }
    return false;
}

void CacheHygiene::recordUnlocked() const
{
    std::error_code ignored;
    std::filesystem::remove(m_folder / kFailuresFile, ignored);
}

Result<void> CacheHygiene::wipe() const
{
    std::error_code failed;
    std::filesystem::remove(m_folder / OfflineCache::kKeyFile, failed);
    if (failed) {
        return fail(ErrorCode::Io, "The offline cache's key file could not be removed.", failed.message());
    }
    std::filesystem::remove_all(m_folder, failed);
    if (failed) {
        return fail(ErrorCode::Io,
                    "The offline cache's key is gone (nothing of it can be read), but its files could "
                    "not all be removed.",
                    failed.message());
    }
    return {};
}

Result<void> CacheHygiene::checkSyncedRecently(const CacheDatabase& cache,
                                               int maxDaysWithoutSync,
                                               std::chrono::system_clock::time_point now)
{
    auto last = cache.queryValue("SELECT value FROM cache_meta WHERE name = 'last_sync_at'");
    if (!last) {
        return std::unexpected(last.error());
    }
    const auto oldestAllowed = utcIsoTime(now - std::chrono::days(maxDaysWithoutSync));
    // ISO 8601 in UTC compares as text.
    if (!*last || **last < oldestAllowed) {
        return fail(ErrorCode::TokenFailure,
                    "The offline cache has not been synced for more than " + std::to_string(maxDaysWithoutSync)
                        + " days: it stays locked until you sign in online and sync.");
    }
    return {};
}

} // namespace cms::core::cache
