#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <string>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

// Whom the cache belongs to, as the server last said at a check-out or sync (issue: offline field
// work): what an offline session shows and decides by (the role that edits, the team of "my
// team"). Offline the server is not there to ask; it still enforces all of it at the next sync.
struct CacheOwner
{
    std::string loginRole;
    std::string displayName;
    std::string jobRole;
    std::string teamId; // empty: no team
    std::string team;   // the team's name
    // Holds the PII grant: the cache then holds the PII of the cases' people (PiiCheckout), and
    // a field is revealed offline, recorded in the laptop's chain.
    bool piiHolder = false;

    // Reads the person behind the server connection and keeps them in the cache's meta rows.
    [[nodiscard]] static Result<void> remember(const cache::CacheDatabase& cache, const remote::PgConnection& server);
    // The person kept; refused when the cache has never been synced (nothing to work on anyway).
    [[nodiscard]] static Result<CacheOwner> read(const cache::CacheDatabase& cache);
};

} // namespace cms::core::sync
