#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <cstdint>
#include <filesystem>
#include <vector>

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
    // A reissued card takes the cache over (after an online sign-in has shown the new card is the
    // person's): the previous card, signed in with its PIN, unwraps the key, the database is
    // opened with it to prove it, and the key is wrapped to the new card's key-management
    // certificate (DER) and the key file replaced in one step. Nothing of the database changes.
    [[nodiscard]] static Result<void> moveToCard(const std::filesystem::path& folder,
                                                 const auth::TokenSession& previousCard,
                                                 const std::vector<std::uint8_t>& newKeyManagementCertificate);
    // Whether the folder holds a cache (its key file).
    [[nodiscard]] static bool exists(const std::filesystem::path& folder);

    [[nodiscard]] const CacheDatabase& database() const;

private:
    explicit OfflineCache(CacheDatabase database);

    CacheDatabase m_database;
};

} // namespace cms::core::cache
