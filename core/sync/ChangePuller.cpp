#include "core/sync/ChangePuller.h"

#include "core/common/UtcTime.h"
#include "core/remote/PgArray.h"
#include "core/remote/PgConnection.h"

#include <chrono>
#include <set>

namespace cms::core::sync {

namespace {

constexpr std::string_view kTombstone = "tombstone:";

Result<void> run(const cache::CacheDatabase& cache, std::string_view sql, const std::vector<cache::CacheValue>& params)
{
    auto done = cache.query(sql, params);
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<bool> hasPendingEdits(const cache::CacheDatabase& cache, const std::string& table, const std::string& rowId)
{
    auto pending =
        cache.queryValue("SELECT count(*) FROM outbox WHERE table_name = ?1 AND row_id = ?2", {table, rowId});
    if (!pending) {
        return std::unexpected(pending.error());
    }
    return pending->value_or("0") != "0";
}

} // namespace

ChangePuller::ChangePuller(const cache::CacheDatabase& cache, const remote::PgConnection& server)
    : m_cache(cache)
    , m_server(server)
{}

Result<std::vector<std::string>> ChangePuller::assignedOpenCases() const
{
    auto rows = m_server.exec(
        "SELECT id FROM cms.cases WHERE assigned_to = session_user AND status <> 'closed' ORDER BY opened_on DESC");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<std::string> ids;
    for (int row = 0; row < rows->rows(); ++row) {
        ids.push_back(rows->text(row, 0));
    }
    return ids;
}

Result<PullReport> ChangePuller::checkOut(const std::vector<std::string>& caseIds) const
{
    // Closed cases are not taken: a pull would take them out again at once.
    auto visible = m_server.exec("SELECT id, coalesce(assigned_to = session_user, false) FROM cms.cases "
                                 "WHERE id = ANY ($1::text[]) AND status <> 'closed'",
                                 {remote::pgTextArray(caseIds)});
    if (!visible) {
        return std::unexpected(visible.error());
    }
    std::vector<std::string> taken;
    auto marked = m_cache.transaction([&]() -> Result<void> {
        for (int row = 0; row < visible->rows(); ++row) {
            taken.push_back(visible->text(row, 0));
            if (auto done = run(m_cache,
                                "INSERT OR IGNORE INTO checked_out VALUES (?1, ?2, ?3)",
                                {visible->text(row, 0),
                                 utcIsoTime(std::chrono::system_clock::now()),
                                 visible->text(row, 1) == "t" ? "1" : "0"});
                !done) {
                return done;
            }
        }
        return {};
    });
    if (!marked) {
        return std::unexpected(marked.error());
    }
    auto cursor = m_cache.queryValue("SELECT value FROM cache_meta WHERE name = 'pull_cursor'");
    if (!cursor) {
        return std::unexpected(cursor.error());
    }
    // Everything of the new cases; the cursor starts here the first time, and stays where the
    // other cases' pulls put it otherwise (the next pull fetches these rows again, harmlessly).
    auto report = fetch(taken, std::nullopt, !cursor->has_value());
    if (report) {
        const std::set<std::string> takenSet(taken.begin(), taken.end());
        for (const auto& id : caseIds) {
            if (!takenSet.contains(id)) {
                report->casesNotTaken.push_back(id);
            }
        }
    }
    return report;
}

Result<ReturnReport> ChangePuller::giveBack(const std::vector<std::string>& caseIds,
                                            const std::function<Result<void>(const ReturnReport&)>& record) const
{
    ReturnReport report;
    auto given = m_cache.transaction([&]() -> Result<void> {
        report = {};
        for (const auto& id : caseIds) {
            auto taken = m_cache.queryValue("SELECT count(*) FROM checked_out WHERE case_id = ?1", {id});
            auto edits = m_cache.queryValue("SELECT count(*) FROM outbox o JOIN cached_rows r ON r.table_name = "
                                            "o.table_name AND r.row_id = o.row_id WHERE r.case_id = ?1",
                                            {id});
            if (!taken || !edits) {
                return std::unexpected(!taken ? taken.error() : edits.error());
            }
            if (taken->value_or("0") == "0") {
                report.notTaken.push_back(id);
                continue;
            }
            if (edits->value_or("0") != "0") {
                report.keptForEdits.push_back(id);
                continue;
            }
            for (const char* sql :
                 {"DELETE FROM cached_rows WHERE case_id = ?1", "DELETE FROM checked_out WHERE case_id = ?1"}) {
                if (auto done = run(m_cache, sql, {id}); !done) {
                    return done;
                }
            }
            report.returned.push_back(id);
        }
        return record ? record(report) : Result<void>{};
    });
    if (!given) {
        return std::unexpected(given.error());
    }
    return report;
}

Result<PullReport> ChangePuller::pull() const
{
    auto cases = m_cache.query("SELECT case_id FROM checked_out ORDER BY case_id");
    auto cursor = m_cache.queryValue("SELECT value FROM cache_meta WHERE name = 'pull_cursor'");
    if (!cases || !cursor) {
        return std::unexpected(!cases ? cases.error() : cursor.error());
    }
    std::vector<std::string> ids;
    for (const auto& row : *cases) {
        ids.push_back(row[0].value_or(""));
    }
    // A cursor of the first caches (the highest change number seen) could have skipped a
    // change: such a cache fetches everything once.
    std::optional<std::string> since = *cursor;
    if (since && since->find(':') == std::string::npos) {
        since.reset();
    }
    return fetch(ids, since, true);
}

Result<PullReport> ChangePuller::fetch(const std::vector<std::string>& caseIds,
                                       const std::optional<std::string>& since,
                                       bool moveCursor) const
{
    const auto ids = remote::pgTextArray(caseIds);
    std::optional<remote::PgResult> changes;
    std::optional<remote::PgResult> standing;
    std::string snapshot;
    // One snapshot for the rows, the cases' standing and the next cursor.
    auto read = m_server.transaction(
        [&]() -> Result<void> {
            auto taken = m_server.queryValue("SELECT pg_current_snapshot()::text");
            if (!taken) {
                return std::unexpected(taken.error());
            }
            snapshot = taken->value_or("");
            auto rows = m_server.exec("SELECT table_name, row_id, case_id, version, change_seq, data "
                                      "FROM cms.sync_changes($1::text[], $2::pg_snapshot)",
                                      {ids, since});
            if (!rows) {
                return std::unexpected(rows.error());
            }
            changes.emplace(std::move(*rows));
            auto cases = m_server.exec("SELECT id, status = 'closed', assigned_to IS NOT NULL AND assigned_to <> "
                                       "session_user FROM cms.cases WHERE id = ANY ($1::text[])",
                                       {ids});
            if (!cases) {
                return std::unexpected(cases.error());
            }
            standing.emplace(std::move(*cases));
            return {};
        },
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!read) {
        return std::unexpected(read.error());
    }
    PullReport report;
    report.cursor = snapshot;
    auto stored = m_cache.transaction([&]() -> Result<void> {
        for (int row = 0; row < changes->rows(); ++row) {
            std::string table = changes->text(row, 0);
            std::string rowId = changes->text(row, 1);
            const bool tombstone = table.starts_with(kTombstone);
            if (tombstone) {
                table.erase(0, kTombstone.size());
            }
            if (table == "case_firms") {
                // The server keys a link by firm and role; two cases taken here may share one.
                rowId = changes->text(row, 2) + "/" + rowId;
            }
            auto pending = hasPendingEdits(m_cache, table, rowId);
            if (!pending) {
                return std::unexpected(pending.error());
            }
            // A person changed at the office (a correction, a new field) or gone: their PII cached
            // here is asked for again (PiiCheckout), never kept stale. A row fetched again
            // unchanged (a check-out of other cases) keeps it.
            bool personChanged = false;
            if (table == "people") {
                auto held = m_cache.queryValue(
                    "SELECT change_seq FROM cached_rows WHERE table_name = 'people' AND row_id = ?1", {rowId});
                if (!held) {
                    return std::unexpected(held.error());
                }
                personChanged = tombstone || *held != std::optional<std::string>(changes->text(row, 4));
            }
            Result<void> done;
            if (*pending) {
                ++report.rowsKeptForPendingEdits;
            } else if (tombstone) {
                done = run(m_cache, "DELETE FROM cached_rows WHERE table_name = ?1 AND row_id = ?2", {table, rowId});
                ++report.rowsRemoved;
            } else {
                done = run(m_cache,
                           "INSERT OR REPLACE INTO cached_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           {table,
                            rowId,
                            changes->text(row, 2),
                            changes->text(row, 3),
                            changes->text(row, 4),
                            changes->text(row, 5)});
                ++report.rowsStored;
            }
            if (!done) {
                return done;
            }
            if (personChanged) {
                if (auto dropped = run(
                        m_cache, "DELETE FROM cached_rows WHERE table_name = 'people_pii' AND row_id = ?1", {rowId});
                    !dropped) {
                    return dropped;
                }
            }
        }
        std::set<std::string> staying;
        for (int row = 0; row < standing->rows(); ++row) {
            const bool closed = standing->text(row, 1) == "t";
            const bool elsewhere = standing->text(row, 2) == "t";
            auto wasMine = m_cache.queryValue("SELECT assigned_to_me FROM checked_out WHERE case_id = ?1",
                                              {standing->text(row, 0)});
            if (!wasMine) {
                return std::unexpected(wasMine.error());
            }
            if (!closed && !(elsewhere && wasMine->value_or("0") == "1")) {
                staying.insert(standing->text(row, 0));
            }
        }
        for (const auto& id : caseIds) {
            if (staying.contains(id)) {
                continue;
            }
            report.casesLeft.push_back(id);
            for (const char* sql :
                 {"DELETE FROM cached_rows WHERE case_id = ?1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE "
                  "o.table_name = cached_rows.table_name AND o.row_id = cached_rows.row_id)",
                  "DELETE FROM checked_out WHERE case_id = ?1"}) {
                if (auto done = run(m_cache, sql, {id}); !done) {
                    return done;
                }
            }
        }
        if (!moveCursor) {
            return {};
        }
        if (auto done = run(m_cache, "INSERT OR REPLACE INTO cache_meta VALUES ('pull_cursor', ?1)", {report.cursor});
            !done) {
            return done;
        }
        return run(m_cache,
                   "INSERT OR REPLACE INTO cache_meta VALUES ('last_sync_at', ?1)",
                   {utcIsoTime(std::chrono::system_clock::now())});
    });
    if (!stored) {
        return std::unexpected(stored.error());
    }
    return report;
}

} // namespace cms::core::sync
