#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <filesystem>

namespace cms::core::auth {
class TokenSession;
}

namespace cms::core::cache {

// The person's offline cache in a folder of their own: `cache.db` (SQLCipher) and `cache.key`
// (its key, wrapped to their card's key-management key). Opening it needs that card, signed in
// with its PIN: the first time, a random key is made and wrapped to the card; afterwards the card
// unwraps it. Another card, or the files copied without the card, open nothing.
class OfflineCache
{
public:
    static constexpr const char* kDatabaseFile = "cache.db";
    static constexpr const char* kKeyFile = "cache.key";

    [[nodiscard]] static Result<OfflineCache> open(const std::filesystem::path& folder, const auth::TokenSession& card);
    // Whether the folder holds a cache (its key file).
    [[nodiscard]] static bool exists(const std::filesystem::path& folder);

    [[nodiscard]] const CacheDatabase& database() const;

private:
    explicit OfflineCache(CacheDatabase database);

    CacheDatabase m_database;
};

} // namespace cms::core::cache
