#include "core/sync/ConflictResolver.h"

#include "core/remote/PgConnection.h"
#include "core/sync/JsonFields.h"
#include "core/sync/OfflineEdits.h"

#include <algorithm>

namespace cms::core::sync {

namespace json = boost::json;

namespace {

std::string sayRow(const PushConflict& conflict)
{
    return "This " + conflict.table + " row (" + conflict.rowId + ")";
}

} // namespace

ConflictResolver::ConflictResolver(const cache::CacheDatabase& cache, const remote::PgConnection& server)
    : m_cache(cache)
    , m_server(server)
{}

Result<void> ConflictResolver::resolve(const PushConflict& conflict, const std::map<std::string, bool>& keepMine) const
{
    auto unsettled = m_cache.queryValue("SELECT count(*) FROM outbox WHERE entry_id = ?1", {conflict.entryId});
    if (!unsettled) {
        return std::unexpected(unsettled.error());
    }
    if (unsettled->value_or("0") == "0") {
        return fail(ErrorCode::InvalidArgument, "This conflict was settled already.");
    }
    const bool anyMine = std::ranges::any_of(keepMine, [](const auto& choice) { return choice.second; });
    if (conflict.kind == "insert") {
        if (anyMine) {
            return fail(ErrorCode::InvalidArgument,
                        sayRow(conflict) + ", added on this computer, was refused by the office (" + conflict.refusal
                            + "). It can only be discarded.");
        }
        return discardRow(conflict, "row_added_discarded");
    }
    if (conflict.kind == "delete" && conflict.serverVersion) {
        if (!conflict.refusal.empty()) {
            if (anyMine) {
                return fail(ErrorCode::InvalidArgument,
                            sayRow(conflict) + ": the office refused your removal (" + conflict.refusal
                                + "). It can only be discarded.");
            }
            return resolveRemoval(conflict, false); // the row stays as the office has it
        }
        const auto choice = keepMine.find(PushConflict::kRemoveAnyway);
        if (choice == keepMine.end()) {
            return fail(ErrorCode::InvalidArgument, "Choose whether the removal goes or the office's row stays.");
        }
        return resolveRemoval(conflict, choice->second);
    }
    if (!conflict.refusal.empty()) {
        // The server refuses the edit itself: the office's values stay, every field of it.
        if (anyMine) {
            return fail(ErrorCode::InvalidArgument,
                        sayRow(conflict) + ": the office refused your edit (" + conflict.refusal
                            + "). It can only be discarded.");
        }
        if (conflict.table == "people_pii") {
            // A PII correction made here, refused: it leaves, and so does the person's cached
            // PII, which the next sync takes again as the office has it (PiiCheckout).
            return discardRow(conflict, "pii_correction_refused");
        }
        if (!conflict.serverVersion) {
            return discardGone(conflict);
        }
        std::map<std::string, bool> theirs;
        for (const auto& field : conflict.fields) {
            theirs[field.field] = false;
        }
        PushConflict discarded = conflict;
        discarded.refusal.clear();
        return resolve(discarded, theirs);
    }
    json::array keptMine;
    json::array keptTheirs;
    for (const auto& field : conflict.fields) {
        const auto choice = keepMine.find(field.field);
        if (choice == keepMine.end()) {
            return fail(ErrorCode::InvalidArgument,
                        "Choose mine or theirs for every field both sides changed: \"" + field.field
                            + "\" has no choice.");
        }
        (choice->second ? keptMine : keptTheirs).emplace_back(field.field);
    }
    if (!conflict.serverVersion) {
        if (std::ranges::any_of(keepMine, [](const auto& choice) { return choice.second; })) {
            return fail(ErrorCode::InvalidArgument,
                        sayRow(conflict)
                            + " was deleted at the office or is no longer yours to see: "
                              "your edit of it can only be discarded.");
        }
        return discardGone(conflict);
    }
    auto current = m_server.exec("SELECT version, data FROM cms.current_row($1, $2)", {conflict.table, conflict.rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->rows() == 0) {
        return fail(ErrorCode::InvalidArgument,
                    sayRow(conflict) + " was deleted at the office since the sync: sync again to see it.");
    }
    const std::string version = current->text(0, 0);
    const auto theirs = JsonFields::objectOf(current->text(0, 1));
    for (const auto& field : conflict.fields) {
        if (JsonFields::textOf(theirs, field.field) != field.theirs) {
            return fail(ErrorCode::InvalidArgument,
                        sayRow(conflict) + " changed again at the office since the sync (field \"" + field.field
                            + "\"): sync again to see the new values, then choose.");
        }
    }
    const json::object details{{"entry_id", conflict.entryId},
                               {"server_version", std::stoi(version)},
                               {"kept_mine", keptMine},
                               {"kept_theirs", keptTheirs}};
    // The audit event commits with the cache's change: the server's transaction stays open
    // until the cache's has committed (a failure of either leaves the entry waiting).
    return m_server.transaction([&]() -> Result<void> {
        if (auto recorded = recordResolution(conflict, details); !recorded) {
            return recorded;
        }
        return m_cache.transaction([&]() -> Result<void> {
            auto entry = m_cache.query("SELECT seq, changed FROM outbox WHERE entry_id = ?1", {conflict.entryId});
            if (!entry) {
                return std::unexpected(entry.error());
            }
            if (entry->empty()) {
                return fail(ErrorCode::InvalidArgument, "This conflict was settled already.");
            }
            const std::string seq = entry->front()[0].value_or("");
            auto changed = JsonFields::objectOf(entry->front()[1].value_or("{}"));
            for (const auto& field : keptTheirs) {
                changed.erase(field.as_string());
            }
            json::object baseValues;
            for (const auto& field : changed) {
                const auto* value = theirs.if_contains(field.key());
                baseValues[field.key()] = value != nullptr ? *value : json::value(nullptr);
            }
            auto settled = changed.empty()
                               ? m_cache.query("DELETE FROM outbox WHERE seq = ?1", {seq})
                               : m_cache.query("UPDATE outbox SET base_version = ?2, changed = ?3, base_values = ?4 "
                                               "WHERE seq = ?1",
                                               {seq, version, json::serialize(changed), json::serialize(baseValues)});
            if (!settled) {
                return std::unexpected(settled.error());
            }
            // The cached row: the server's, with this computer's edits still waiting on top.
            auto waiting =
                m_cache.query("SELECT changed FROM outbox WHERE table_name = ?1 AND row_id = ?2 ORDER BY seq",
                              {conflict.table, conflict.rowId});
            if (!waiting) {
                return std::unexpected(waiting.error());
            }
            auto row = theirs;
            for (const auto& pending : *waiting) {
                for (const auto& field : JsonFields::objectOf(pending[0].value_or("{}"))) {
                    row[field.key()] = field.value();
                }
            }
            auto stored = m_cache.query("UPDATE cached_rows SET version = ?3, data = ?4 WHERE table_name = ?1 AND "
                                        "row_id = ?2",
                                        {conflict.table, conflict.rowId, version, json::serialize(row)});
            if (!stored) {
                return std::unexpected(stored.error());
            }
            return {};
        });
    });
}

Result<void> ConflictResolver::discardGone(const PushConflict& conflict) const
{
    auto current = m_server.exec("SELECT version FROM cms.current_row($1, $2)", {conflict.table, conflict.rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->rows() != 0) {
        return fail(ErrorCode::InvalidArgument,
                    sayRow(conflict) + " can be seen at the office again: sync again to compare your edit with it.");
    }
    return discardRow(conflict, "row_gone");
}

Result<void> ConflictResolver::discardRow(const PushConflict& conflict, const char* why) const
{
    auto waiting = m_cache.queryValue("SELECT count(*) FROM outbox WHERE table_name = ?1 AND row_id = ?2",
                                      {conflict.table, conflict.rowId});
    if (!waiting) {
        return std::unexpected(waiting.error());
    }
    const json::object details{
        {"entry_id", conflict.entryId}, {why, true}, {"edits_discarded", std::stoi(waiting->value_or("0"))}};
    return m_server.transaction([&]() -> Result<void> {
        if (auto recorded = recordResolution(conflict, details); !recorded) {
            return recorded;
        }
        return m_cache.transaction([&]() -> Result<void> {
            for (const char* sql : {"DELETE FROM outbox WHERE table_name = ?1 AND row_id = ?2",
                                    "DELETE FROM cached_rows WHERE table_name = ?1 AND row_id = ?2"}) {
                if (auto done = m_cache.query(sql, {conflict.table, conflict.rowId}); !done) {
                    return std::unexpected(done.error());
                }
            }
            if (!OfflineEdits::isLocalRow(conflict.rowId)) {
                return {};
            }
            // What names the row added here (a sample's product) names nothing now: its local id
            // would never become a server's.
            const std::string named = '"' + conflict.rowId + '"';
            for (const char* sql :
                 {"UPDATE outbox SET changed = replace(changed, ?1, 'null'), base_values = "
                  "replace(base_values, ?1, 'null') WHERE instr(changed, ?1) > 0 OR "
                  "instr(base_values, ?1) > 0",
                  "UPDATE cached_rows SET data = replace(data, ?1, 'null') WHERE instr(data, ?1) > 0"}) {
                if (auto done = m_cache.query(sql, {named}); !done) {
                    return std::unexpected(done.error());
                }
            }
            return {};
        });
    });
}

Result<void> ConflictResolver::resolveRemoval(const PushConflict& conflict, bool removeAnyway) const
{
    auto current = m_server.exec("SELECT version, data FROM cms.current_row($1, $2)", {conflict.table, conflict.rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->rows() == 0) {
        return fail(ErrorCode::InvalidArgument,
                    sayRow(conflict) + " was deleted at the office since the sync: sync again.");
    }
    const std::string version = current->text(0, 0);
    if (std::stoi(version) != conflict.serverVersion.value_or(-1)) {
        return fail(ErrorCode::InvalidArgument,
                    sayRow(conflict)
                        + " changed again at the office since the sync: sync again to see it, then choose.");
    }
    const std::string theirs = current->text(0, 1);
    const json::object details{
        {"entry_id", conflict.entryId}, {"server_version", std::stoi(version)}, {"removed", removeAnyway}};
    return m_server.transaction([&]() -> Result<void> {
        if (auto recorded = recordResolution(conflict, details); !recorded) {
            return recorded;
        }
        return m_cache.transaction([&]() -> Result<void> {
            auto settled =
                removeAnyway
                    ? m_cache.query("UPDATE outbox SET base_version = ?2, base_values = ?3 WHERE entry_id = ?1",
                                    {conflict.entryId, version, theirs})
                    : m_cache.query("DELETE FROM outbox WHERE entry_id = ?1", {conflict.entryId});
            if (!settled) {
                return std::unexpected(settled.error());
            }
            if (!removeAnyway) {
                auto stored = m_cache.query("UPDATE cached_rows SET version = ?3, data = ?4 WHERE table_name = ?1 AND "
                                            "row_id = ?2",
                                            {conflict.table, conflict.rowId, version, theirs});
                if (!stored) {
                    return std::unexpected(stored.error());
                }
            }
            return {};
        });
    });
}

Result<void> ConflictResolver::recordResolution(const PushConflict& conflict, boost::json::object details) const
{
    // The case it belongs to, so the event shows in the case's history.
    auto caseId = m_cache.queryValue("SELECT case_id FROM cached_rows WHERE table_name = ?1 AND row_id = ?2",
                                     {conflict.table, conflict.rowId});
    if (!caseId) {
        return std::unexpected(caseId.error());
    }
    if (caseId->has_value()) {
        details["case_id"] = **caseId;
    }
    auto recorded =
        m_server.exec("SELECT cms_audit.record_event('sync.conflict_resolved', $1, $2, 'success', $3::jsonb)",
                      {"cms." + conflict.table, conflict.rowId, json::serialize(details)});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return {};
}

} // namespace cms::core::sync
