#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

// What giving cases back from field work did (ChangePuller::giveBack).
struct ReturnReport
{
    std::vector<std::string> returned;
    std::vector<std::string> keptForEdits; // edits of theirs still wait to be sent: sync first
    std::vector<std::string> notTaken;     // not in this computer's cache
};

struct PullReport
{
    int rowsStored = 0;
    int rowsRemoved = 0;
    int rowsKeptForPendingEdits = 0;    // changed on the server and here: the push decides
    std::vector<std::string> casesLeft; // closed, reassigned or no longer visible
    // Asked for at check-out but not taken: closed, not visible to the person, or no such case.
    std::vector<std::string> casesNotTaken;
    // The server's snapshot the pull read in (pg_snapshot text, "xmin:xmax:xip,..."): the next
    // pull brings what the transactions it could not see yet changed.
    std::string cursor;
};

// Brings the server's rows of the checked-out cases into the cache (DESIGN.md, sync steps 1 and
// 4), as the server lets the person see them (cms.sync_changes runs as the caller). A row with
// edits still in the outbox is not overwritten: the push compares versions and the person
// decides. Cases closed, reassigned away from the person or no longer visible leave the cache,
// except rows with pending edits. The cursor moves in the same cache transaction as the rows.
// The cursor is a snapshot, not the highest change number seen: a transaction that drew a lower
// number and committed after a pull read a higher one is still pulled next time.
class ChangePuller
{
public:
    ChangePuller(const cache::CacheDatabase& cache, const remote::PgConnection& server);

    // Marks the cases for field work and brings everything in them.
    [[nodiscard]] Result<PullReport> checkOut(const std::vector<std::string>& caseIds) const;
    // Takes cases out of the cache (the person is done with them in the field), in one cache
    // transaction. A case with edits still in the outbox stays, whole: nothing is lost.
    // `record` runs inside that transaction, before it commits: if it fails, nothing is given back.
    [[nodiscard]] Result<ReturnReport>
    giveBack(const std::vector<std::string>& caseIds,
             const std::function<Result<void>(const ReturnReport&)>& record = {}) const;
    // The person's assigned open cases (the default check-out).
    [[nodiscard]] Result<std::vector<std::string>> assignedOpenCases() const;
    // What changed since the last pull.
    [[nodiscard]] Result<PullReport> pull() const;

private:
    [[nodiscard]] Result<PullReport>
    fetch(const std::vector<std::string>& caseIds, const std::optional<std::string>& since, bool moveCursor) const;

    const cache::CacheDatabase& m_cache;
    const remote::PgConnection& m_server;
};

} // namespace cms::core::sync
