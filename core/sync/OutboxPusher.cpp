#include "core/sync/OutboxPusher.h"

#include "core/remote/PgConnection.h"
#include "core/sync/JsonFields.h"

#include <boost/json.hpp>
#include <map>
#include <set>

namespace cms::core::sync {

namespace {

constexpr int kBatch = 200;

// Whether the server refused the edit for what it is (its rules, its data), which sending it
// again cannot change: not allowed (42), integrity (23), a bad value (22), a rule's own RAISE
// (P0001). Anything else (the connection, a deadlock, a shutdown) is tried again later.
bool refusesTheEdit(const Error& error)
{
    const std::string_view prefix = "SQLSTATE ";
    if (!error.detail.starts_with(prefix) || error.detail.size() < prefix.size() + 5) {
        return false;
    }
    const auto state = error.detail.substr(prefix.size(), 5);
    return state.starts_with("42") || state.starts_with("23") || state.starts_with("22") || state == "P0001";
}

// A PII correction made here: one entry of its own, never in a run of edits
// (cms.apply_pii_correction, 0037).
constexpr const char* kPiiCorrections = "people_pii";

// An edit that goes in a run of edits (cms.apply_edits); a PII correction goes alone.
bool inRun(const std::string& kind, const std::string& table)
{
    return kind == "edit" && table != kPiiCorrections;
}

} // namespace

struct OutboxPusher::Entry
{
    std::string seq;
    std::string entryId;
    std::string table;
    std::string rowId;
    std::string baseVersion;
    std::string changed;
    std::string baseValues;
    std::string kind;   // edit, insert (a row added here), delete
    std::string caseId; // of an insert
};

// An entry the server answered: the base it was sent with (moved on by the batch's earlier
// entries of the same row) and the version it left.
struct OutboxPusher::Answer
{
    const Entry* entry = nullptr;
    std::string sentBase;
    std::string outcome;
    std::optional<int> version;
    bool merged = false;
    std::vector<ConflictingField> fields; // a conflict: the fields both sides changed
    std::string refusal{};                // outcome "refused": the server's words
    std::string sentRowId{};              // the server's id of the row (a row added here: its new id)
};

Result<std::vector<OutboxPusher::Entry>> OutboxPusher::oldest() const
{
    auto rows =
        m_cache.query("SELECT seq, entry_id, table_name, row_id, base_version, changed, base_values, kind, case_id "
                      "FROM outbox ORDER BY seq LIMIT ?1",
                      {std::to_string(kBatch)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<Entry> entries;
    for (const auto& row : *rows) {
        entries.push_back({*row[0], *row[1], *row[2], *row[3], *row[4], *row[5], *row[6], *row[7], *row[8]});
    }
    return entries;
}

OutboxPusher::Entry OutboxPusher::withServerIds(const Entry& entry, const std::map<std::string, std::string>& serverIds)
{
    Entry sent = entry;
    for (const auto& [local, server] : serverIds) {
        if (sent.rowId == local) {
            sent.rowId = server;
        }
        // A field naming the new row (a sample's product): its value is the local id, quoted.
        for (std::string* json : {&sent.changed, &sent.baseValues}) {
            const std::string quoted = '"' + local + '"';
            for (auto at = json->find(quoted); at != std::string::npos; at = json->find(quoted, at)) {
                json->replace(at, quoted.size(), '"' + server + '"');
                at += server.size() + 2;
            }
        }
    }
    return sent;
}

OutboxPusher::OutboxPusher(const cache::CacheDatabase& cache, const remote::PgConnection& server, FaultHook fault)
    : m_cache(cache)
    , m_server(server)
    , m_fault(std::move(fault))
{}

void OutboxPusher::fault(Step step) const
{
    if (m_fault) {
        m_fault(step);
    }
}

namespace {

// A firm linked or unlinked here: the link's row id is "<case>/<firm>:<role>" here and at the
// office alike, so nothing is renamed after it (cms.apply_firm_link, 0035).
Result<remote::PgResult> applyFirmLink(const remote::PgConnection& server,
                                       const std::string& entryId,
                                       const std::string& caseId,
                                       const std::string& rowId,
                                       bool linked)
{
    const auto link = rowId.substr(rowId.find('/') + 1);
    const auto colon = link.find(':');
    return server.exec("SELECT outcome, version, $6 FROM cms.apply_firm_link($1::uuid, $2, $3::bigint, "
                       "$4::cms.firm_role, $5::boolean)",
                       {entryId,
                        caseId,
                        link.substr(0, colon),
                        colon == std::string::npos ? std::string() : link.substr(colon + 1),
                        linked ? "true" : "false",
                        rowId});
}

} // namespace

Result<OutboxPusher::Answer> OutboxPusher::apply(const Entry& entry, const std::string& base) const
{
    auto reply =
        entry.table == "case_firms"
            ? applyFirmLink(m_server, entry.entryId, entry.caseId, entry.rowId, entry.kind == "insert")
        : entry.table == kPiiCorrections
            ? m_server.exec("SELECT outcome, version, $2 FROM cms.apply_pii_correction($1::uuid, $2::uuid, $3::jsonb, "
                            "$4::jsonb)",
                            {entry.entryId, entry.rowId, entry.changed, entry.baseValues})
        // A person added here keeps the id drawn here (OfflineEdits::addPerson).
        : entry.table == "people" && entry.kind == "insert"
            ? m_server.exec("SELECT outcome, version, $3 FROM cms.apply_new_person($1::uuid, $2, $3::uuid, $4::jsonb)",
                            {entry.entryId, entry.caseId, entry.rowId, entry.changed})
        : entry.kind == "insert"
            ? m_server.exec("SELECT outcome, version, row_id FROM cms.apply_insert($1::uuid, $2, $3, $4::jsonb)",
                            {entry.entryId, entry.table, entry.caseId, entry.changed})
        : entry.kind == "delete"
            ? m_server.exec("SELECT outcome, version, $3 FROM cms.apply_delete($1::uuid, $2, $3, $4::integer)",
                            {entry.entryId, entry.table, entry.rowId, base})
            : m_server.exec("SELECT outcome, version, $3 FROM cms.apply_edit($1::uuid, $2, $3, $4::integer, $5::jsonb)",
                            {entry.entryId, entry.table, entry.rowId, base, entry.changed});
    if (!reply) {
        return std::unexpected(reply.error());
    }
    return Answer{&entry,
                  base,
                  reply->text(0, 0),
                  reply->isNull(0, 1) ? std::optional<int>() : std::optional<int>(std::stoi(reply->text(0, 1))),
                  false,
                  {},
                  {},
                  reply->text(0, 2)};
}

// A removal made here meets a change at the office: the person decides, shown what changed there
// (the row as it was here, "mine" empty: removed, and the office's values).
Result<OutboxPusher::Answer> OutboxPusher::removalConflict(const Entry& entry, Answer conflict) const
{
    auto current = m_server.exec("SELECT version, data FROM cms.current_row($1, $2)", {entry.table, entry.rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->rows() == 0) {
        return apply(entry, entry.baseVersion); // gone meanwhile: nothing left to decide
    }
    // The server's bookkeeping columns are not the office's changes (the audit trigger leaves
    // out the same).
    static const std::set<std::string, std::less<>> bookkeeping{"version",
                                                                "change_seq",
                                                                "change_xid",
                                                                "created_at",
                                                                "created_by",
                                                                "updated_at",
                                                                "updated_by",
                                                                "case_restricted",
                                                                "case_team_id"};
    const auto was = JsonFields::objectOf(entry.baseValues);
    const auto theirs = JsonFields::objectOf(current->text(0, 1));
    for (const auto& field : theirs) {
        const std::string name(field.key());
        if (bookkeeping.contains(name)) {
            continue;
        }
        const auto before = JsonFields::textOf(was, name);
        const auto now = JsonFields::textOf(theirs, name);
        if (before != now) {
            conflict.fields.push_back(ConflictingField{name, before, std::nullopt, now});
        }
    }
    if (conflict.fields.empty()) {
        // Nothing the person can see changed (its team, its bookkeeping): the removal goes on the
        // current version by itself.
        auto removed = apply(entry, current->text(0, 0));
        if (removed) {
            removed->merged = true;
        }
        return removed;
    }
    return conflict;
}

// The row moved on at the server: if this entry's fields are still as they were at its base
// there (or already hold its values), it goes on top of the current version; otherwise the
// fields both sides changed go to the person.
Result<OutboxPusher::Answer> OutboxPusher::merge(const Entry& entry, Answer conflict) const
{
    auto current = m_server.exec("SELECT version, data FROM cms.current_row($1, $2)", {entry.table, entry.rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->rows() == 0) {
        conflict.outcome = "gone";
        return conflict;
    }
    conflict.fields = FieldMerge::conflicts(entry.changed, entry.baseValues, current->text(0, 1));
    if (!conflict.fields.empty()) {
        return conflict;
    }
    auto merged = apply(entry, current->text(0, 0));
    if (merged) {
        merged->merged = true;
    }
    return merged;
}

Result<OutboxPusher::Answer>
OutboxPusher::refused(const Entry& entry, const std::string& base, const Error& error) const
{
    Answer answer{&entry, base, "refused", std::nullopt, false, {}, error.message, entry.rowId};
    boost::json::object theirs;
    // A row added here has no row at the server yet; the office's PII is not read into a refusal
    // (it would be a reveal): the person sees it online.
    if (entry.kind != "insert" && entry.table != kPiiCorrections) {
        auto current = m_server.exec("SELECT version, data FROM cms.current_row($1, $2)", {entry.table, entry.rowId});
        if (!current) {
            return std::unexpected(current.error());
        }
        if (current->rows() != 0) {
            theirs = JsonFields::objectOf(current->text(0, 1));
            answer.version = std::stoi(current->text(0, 0));
        }
    }
    const auto was = JsonFields::objectOf(entry.baseValues);
    for (const auto& field : JsonFields::objectOf(entry.changed)) {
        const std::string name(field.key());
        answer.fields.push_back(ConflictingField{name,
                                                 JsonFields::textOf(was, name),
                                                 JsonFields::textOf(JsonFields::objectOf(entry.changed), name),
                                                 JsonFields::textOf(theirs, name)});
    }
    return answer;
}

Result<std::vector<OutboxPusher::RunAnswer>> OutboxPusher::applyRun(const std::vector<Entry>& entries,
                                                                    std::size_t from,
                                                                    const std::map<std::string, std::string>& serverIds,
                                                                    const LastSent& lastSent) const
{
    boost::json::array run;
    for (std::size_t i = from; i < entries.size() && inRun(entries[i].kind, entries[i].table); ++i) {
        const Entry entry = withServerIds(entries[i], serverIds);
        run.push_back(boost::json::object{{"entry", entry.entryId},
                                          {"table", entry.table},
                                          {"row", entry.rowId},
                                          {"base", std::stoi(entry.baseVersion)},
                                          {"changed", boost::json::parse(entry.changed)}});
    }
    boost::json::object carried;
    for (const auto& [row, sent] : lastSent) {
        carried[row.first + '/' + row.second] = boost::json::object{
            {"made_on", std::stoi(sent.madeOn)}, {"sent_on", std::stoi(sent.sentOn)}, {"left", std::stoi(sent.left)}};
    }
    auto reply = m_server.exec("SELECT outcome, version, sent_base FROM cms.apply_edits($1::jsonb, $2::jsonb)",
                               {boost::json::serialize(run), boost::json::serialize(carried)});
    if (!reply) {
        return std::unexpected(reply.error());
    }
    std::vector<RunAnswer> answers;
    for (int row = 0; row < reply->rows(); ++row) {
        answers.push_back(
            {reply->text(row, 0),
             reply->isNull(row, 1) ? std::optional<int>() : std::optional<int>(std::stoi(reply->text(row, 1))),
             reply->text(row, 2)});
    }
    return answers;
}

Result<std::vector<OutboxPusher::Answer>> OutboxPusher::send(const std::vector<Entry>& entries, bool oneByOne) const
{
    // One server transaction for the batch: one commit to wait for instead of one per entry.
    // Any failure (or a crash here) rolls all of it back; the entries are sent again later.
    if (auto begun = m_server.exec("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    std::vector<Answer> answers;
    LastSent lastSent; // as push() settles it in the cache
    // Rows added here earlier in this batch: their local ids and the server's, for the entries
    // after them that name them (an edit of the new row, a sample naming a new product).
    std::map<std::string, std::string> serverIds;
    // The server's answers for the run of edits in hand, in order.
    std::vector<RunAnswer> fromRun;
    std::size_t nextOfRun = 0;
    try {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Entry& original = entries[i];
            const Entry entry = withServerIds(original, serverIds);
            std::string base = entry.baseVersion;
            if (const auto last = lastSent.find({entry.table, entry.rowId});
                last != lastSent.end() && (base == last->second.madeOn || base == last->second.sentOn)) {
                base = last->second.left;
            }
            Result<Answer> answer = std::unexpected(Error{});
            if (!oneByOne && inRun(entry.kind, entry.table)) {
                if (nextOfRun == fromRun.size()) {
                    fault(Step::BeforeSend);
                    auto run = applyRun(entries, i, serverIds, lastSent);
                    if (!run) {
                        // Which edit of the run the server refused is found by sending them again,
                        // one by one, in a new transaction.
                        (void)m_server.exec("ROLLBACK");
                        if (!refusesTheEdit(run.error())) {
                            return std::unexpected(run.error());
                        }
                        return send(entries, true);
                    }
                    fromRun = std::move(*run);
                    nextOfRun = 0;
                }
                const auto& given = fromRun.at(nextOfRun++);
                base = given.sentBase;
                answer = Answer{&entry, base, given.outcome, given.version, false, {}, {}, entry.rowId};
            } else {
                fault(Step::BeforeSend);
                answer = apply(entry, base);
            }
            if (answer && answer->outcome == "conflict") {
                answer = entry.kind == "delete" ? removalConflict(entry, std::move(*answer))
                                                : merge(entry, std::move(*answer));
            }
            if (answer) {
                answer->entry = &original;
                answer->sentRowId = entry.kind == "insert" ? answer->sentRowId : entry.rowId;
                if (entry.kind == "insert") {
                    serverIds[original.rowId] = answer->sentRowId;
                }
            }
            if (!answer) {
                (void)m_server.exec("ROLLBACK");
                if (!refusesTheEdit(answer.error())) {
                    return std::unexpected(answer.error());
                }
                // The batch is rolled back with it: the entries before it go again, alone, then
                // the push stops at it (in order).
                const std::vector<Entry> before(entries.begin(),
                                                entries.begin() + static_cast<std::ptrdiff_t>(answers.size()));
                auto sent =
                    before.empty() ? Result<std::vector<Answer>>(std::vector<Answer>{}) : send(before, oneByOne);
                if (!sent) {
                    return sent;
                }
                if (sent->size() < before.size()
                    || (!sent->empty() && sent->back().outcome != "applied"
                        && sent->back().outcome != "applied_before")) {
                    return sent; // something before it stopped the push this time
                }
                // The resent answers point at `before`'s copies: back to the batch's own entries.
                // Rows added by them have new ids now (the first attempt was rolled back).
                std::map<std::string, std::string> resentIds;
                for (std::size_t resent = 0; resent < sent->size(); ++resent) {
                    (*sent)[resent].entry = &entries[resent];
                    if (entries[resent].kind == "insert") {
                        resentIds[entries[resent].rowId] = (*sent)[resent].sentRowId;
                    }
                }
                const Entry again = withServerIds(original, resentIds);
                auto refusal = refused(again, base, answer.error());
                if (!refusal) {
                    return std::unexpected(refusal.error());
                }
                refusal->entry = &original;
                refusal->sentRowId = again.rowId;
                sent->push_back(*refusal);
                return sent;
            }
            answers.push_back(*answer);
            if (answer->outcome == "conflict" || answer->outcome == "gone") {
                break; // in order: nothing after a conflict goes
            }
            if (answer->merged) {
                lastSent.erase({entry.table, answer->sentRowId}); // see push(): the next one is compared
            } else {
                lastSent[{entry.table, answer->sentRowId}] = {
                    entry.baseVersion, answer->sentBase, std::to_string(answer->version.value_or(0))};
            }
        }
    } catch (...) {
        (void)m_server.exec("ROLLBACK");
        throw;
    }
    if (auto committed = m_server.exec("COMMIT"); !committed) {
        return std::unexpected(committed.error());
    }
    return answers;
}

Result<PushReport> OutboxPusher::push(const Progress& progress) const
{
    PushReport report;
    auto pending = m_cache.queryValue("SELECT count(*) FROM outbox");
    if (!pending) {
        return std::unexpected(pending.error());
    }
    const int total = std::stoi(pending->value_or("0"));
    for (;;) {
        auto entries = oldest();
        if (!entries) {
            return std::unexpected(entries.error());
        }
        if (entries->empty()) {
            return report;
        }
        auto answers = send(*entries);
        if (!answers) {
            return std::unexpected(answers.error());
        }
        fault(Step::AfterServerCommit);
        auto settled = m_cache.transaction([&]() -> Result<void> {
            // Per row, the versions its entries of this batch went through and the one they left.
            struct Chain
            {
                std::set<std::string> bases;
                std::string left;
                bool closed = false; // merged: the later entries are compared with the office's changes
            };
            std::map<std::pair<std::string, std::string>, Chain> chains;
            for (const auto& answer : *answers) {
                const Entry& entry = *answer.entry;
                if (answer.outcome == "conflict" || answer.outcome == "gone" || answer.outcome == "refused") {
                    break;
                }
                const std::string version = std::to_string(answer.version.value_or(0));
                const std::string& rowId = answer.sentRowId;
                std::vector<std::pair<const char*, std::vector<cache::CacheValue>>> statements{
                    {"DELETE FROM outbox WHERE seq = ?1", {entry.seq}},
                };
                if (entry.kind == "insert") {
                    // The row added here takes the server's id, in the cache and in what names it.
                    const std::string local = '"' + entry.rowId + '"';
                    const std::string server = '"' + rowId + '"';
                    statements.push_back({"UPDATE OR REPLACE cached_rows SET row_id = ?3 WHERE table_name = ?1 AND "
                                          "row_id = ?2",
                                          {entry.table, entry.rowId, rowId}});
                    statements.push_back({"UPDATE outbox SET row_id = ?3 WHERE table_name = ?1 AND row_id = ?2",
                                          {entry.table, entry.rowId, rowId}});
                    statements.push_back({"UPDATE outbox SET changed = replace(changed, ?1, ?2), base_values = "
                                          "replace(base_values, ?1, ?2) WHERE instr(changed, ?1) > 0 OR "
                                          "instr(base_values, ?1) > 0",
                                          {local, server}});
                    statements.push_back(
                        {"UPDATE cached_rows SET data = replace(data, ?1, ?2) WHERE instr(data, ?1) > 0",
                         {local, server}});
                }
                if (entry.kind == "delete") {
                    statements.push_back(
                        {"DELETE FROM cached_rows WHERE table_name = ?1 AND row_id = ?2", {entry.table, rowId}});
                } else {
                    statements.push_back({"UPDATE cached_rows SET version = ?3 WHERE table_name = ?1 AND row_id = ?2",
                                          {entry.table, rowId, version}});
                }
                if (entry.kind != "delete") {
                    auto& chain = chains[{entry.table, rowId}];
                    chain.closed = chain.closed || answer.merged;
                    if (!chain.closed) {
                        chain.bases.insert(entry.baseVersion);
                        chain.bases.insert(answer.sentBase);
                        chain.left = version;
                    }
                }
                for (const auto& [sql, params] : statements) {
                    if (auto done = m_cache.query(sql, params); !done) {
                        return std::unexpected(done.error());
                    }
                }
            }
            // The later entries of each row, made on top of these (on a base they were made or
            // sent on: the cache's version does not move while edits queue), move to the version
            // the batch left: the next batch sends them on it. All of them at once, not only the
            // next one, or each later one would meet its own predecessor as a conflict. Not after
            // a merge: the row then holds others' changes, which they must be compared with.
            for (const auto& [row, chain] : chains) {
                if (chain.left.empty()) {
                    continue;
                }
                std::string bases;
                std::vector<cache::CacheValue> params{row.first, row.second, chain.left};
                for (const auto& base : chain.bases) {
                    params.emplace_back(base);
                    bases += (bases.empty() ? "?" : ", ?") + std::to_string(params.size());
                }
                auto moved = m_cache.query("UPDATE outbox SET base_version = ?3 WHERE table_name = ?1 AND row_id = ?2 "
                                           "AND base_version IN ("
                                               + bases + ")",
                                           params);
                if (!moved) {
                    return std::unexpected(moved.error());
                }
            }
            fault(Step::InLocalTransaction);
            return {};
        });
        if (!settled) {
            return std::unexpected(settled.error());
        }
        for (const auto& answer : *answers) {
            if (answer.outcome == "applied" || answer.outcome == "applied_before") {
                (answer.outcome == "applied" ? report.applied : report.appliedBefore) += 1;
                report.merged += answer.merged ? 1 : 0;
                continue;
            }
            const Entry& entry = *answer.entry;
            report.conflict = PushConflict{entry.entryId,
                                           entry.table,
                                           answer.sentRowId,
                                           std::stoi(answer.sentBase),
                                           answer.version,
                                           answer.fields,
                                           answer.refusal,
                                           entry.kind};
            return report;
        }
        if (progress && !progress(report.applied + report.appliedBefore, total)) {
            report.cancelled = true;
            return report;
        }
    }
}

} // namespace cms::core::sync
