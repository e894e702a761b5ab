#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"
#include "core/sync/OutboxPusher.h"

#include <boost/json/object.hpp>
#include <map>
#include <string>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

// Settles the outbox entry a push stopped at with the person's choices (issue: offline field
// work, the three-way view). For each field both sides changed the person keeps mine or theirs;
// the entry then goes on top of the server's current version with the fields kept as mine (or
// leaves the outbox when none is), and the cached row becomes the server's row with this
// computer's pending edits on it. Edits of the same row queued after it keep their base, so the
// next push compares them with the server's row again. Nothing is decided on values the person
// did not see: a field changed again at the office since the push is refused ("sync again").
// A row deleted at the office (or no longer visible) can only be discarded here, with every edit
// of it still waiting. An edit the server refused outright (PushConflict::refusal) is discarded:
// the office's values stay. A row added here that the server refused leaves the cache with its
// edits; a PII correction made here that the server refused leaves with the person's cached PII
// (the next sync takes it again). A row removed here that the office changed since goes all the same or stays as the
// office has it (PushConflict::kRemoveAnyway). Each resolution is an audit event (field names
// only, no values).
class ConflictResolver
{
public:
    ConflictResolver(const cache::CacheDatabase& cache, const remote::PgConnection& server);

    // Field -> keep mine; every conflicting field needs a choice.
    [[nodiscard]] Result<void> resolve(const PushConflict& conflict, const std::map<std::string, bool>& keepMine) const;

private:
    [[nodiscard]] Result<void> discardGone(const PushConflict& conflict) const;
    // The row leaves the cache with every edit of it waiting (a row gone at the office, a row
    // added here that the server refused); `why` names the case in the audit event.
    [[nodiscard]] Result<void> discardRow(const PushConflict& conflict, const char* why) const;
    // A row removed here that the office changed since: removed all the same, or kept as the
    // office has it.
    [[nodiscard]] Result<void> resolveRemoval(const PushConflict& conflict, bool removeAnyway) const;
    [[nodiscard]] Result<void> recordResolution(const PushConflict& conflict, boost::json::object details) const;

    const cache::CacheDatabase& m_cache;
    const remote::PgConnection& m_server;
};

} // namespace cms::core::sync
