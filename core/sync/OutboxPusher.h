#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"
#include "core/sync/FieldMerge.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

// An outbox entry the server did not apply: a field it changes was changed differently there
// (or the row is gone), so the person decides (issue: offline field work, three-way view). It
// stays in the outbox meanwhile.
struct PushConflict
{
    std::string entryId;
    std::string table;
    std::string rowId;
    int baseVersion = 0;
    std::optional<int> serverVersion;     // nothing: deleted on the server, or no longer visible
    std::vector<ConflictingField> fields; // base / mine / theirs of each field both sides changed
    // The server refused the edit itself (its rules: a role may not make that change, a value it
    // does not take), in its words: the edit can only be discarded, and `fields` holds every
    // field it changes.
    std::string refusal{};
    // "edit"; "insert" (a row added here: only ever refused); "delete" (a row removed here that
    // the office changed since: `fields` are the fields it changed, "mine" empty, and the one
    // choice is kRemoveAnyway).
    std::string kind{"edit"};

    // The choice a removal's conflict takes (ConflictResolver): true removes the row all the same.
    static constexpr const char* kRemoveAnyway = "remove_anyway";
};

struct PushReport
{
    int applied = 0;        // this push
    int appliedBefore = 0;  // an earlier push had been applied, its reply lost
    int merged = 0;         // applied on top of a newer version: the fields were not changed there
    bool cancelled = false; // stopped between two batches, as asked: the rest waits in the outbox
    std::optional<PushConflict> conflict;
};

// Pushes the outbox to the server in order (DESIGN.md, sync step 3): each entry through
// cms.apply_edit, which applies it only on its base version and records its id; up to 200 entries
// go in one server transaction, then, in one transaction of the cache, they leave the outbox and
// the cached rows take their new versions (later entries of the same row, made on top of them,
// move their base with them). A crash or a dropped connection at any point leaves the entries to
// be pushed again, and the server's record of their ids makes that a no-op. An entry whose row
// moved on at the server goes on top of it when none of its fields changed there (FieldMerge);
// otherwise the push stops at it. So it does at an entry the server refuses outright (its rules):
// the entries before it are applied, and it waits for the person to discard it; it never blocks
// the outbox in silence.
class OutboxPusher
{
public:
    // Where a push may be interrupted; tests inject faults there.
    enum class Step
    {
        BeforeSend,
        AfterServerCommit,
        InLocalTransaction,
    };
    using FaultHook = std::function<void(Step)>;

    OutboxPusher(const cache::CacheDatabase& cache, const remote::PgConnection& server, FaultHook fault = {});

    // After each batch: how many entries are done and how many there were; false stops the push
    // there (everything done so far is settled on both sides).
    using Progress = std::function<bool(int done, int total)>;

    [[nodiscard]] Result<PushReport> push(const Progress& progress = {}) const;

private:
    struct Entry;
    struct Answer;

    void fault(Step step) const;
    // The oldest entries of the outbox, a batch of them.
    [[nodiscard]] Result<std::vector<Entry>> oldest() const;
    [[nodiscard]] Result<Answer> apply(const Entry& entry, const std::string& base) const;
    [[nodiscard]] Result<Answer> merge(const Entry& entry, Answer conflict) const;
    [[nodiscard]] Result<Answer> removalConflict(const Entry& entry, Answer conflict) const;
    // The entry as it is sent: the rows added earlier in the batch named by the server's ids.
    [[nodiscard]] static Entry withServerIds(const Entry& entry, const std::map<std::string, std::string>& serverIds);
    // The answer for an entry the server refused: every field it changes, with the row as it is.
    [[nodiscard]] Result<Answer> refused(const Entry& entry, const std::string& base, const Error& error) const;
    // Per row, the entry sent last: the base it was made on, the base it went with, the version
    // it left. The next entry of the row made on either base goes on that version.
    struct Sent
    {
        std::string madeOn;
        std::string sentOn;
        std::string left;
    };
    using LastSent = std::map<std::pair<std::string, std::string>, Sent>;
    // What the server answered for one edit of a run.
    struct RunAnswer
    {
        std::string outcome;
        std::optional<int> version;
        std::string sentBase;
    };
    // The consecutive edits from `from` in one round trip (cms.apply_edits): the server's answers,
    // up to the first edit not applied.
    [[nodiscard]] Result<std::vector<RunAnswer>> applyRun(const std::vector<Entry>& entries,
                                                          std::size_t from,
                                                          const std::map<std::string, std::string>& serverIds,
                                                          const LastSent& lastSent) const;
    // Sends a batch in one server transaction; stops at a conflict. Edits go in runs unless
    // `oneByOne` (after a run the server refused: the refused entry is then found alone).
    [[nodiscard]] Result<std::vector<Answer>> send(const std::vector<Entry>& entries, bool oneByOne = false) const;

    const cache::CacheDatabase& m_cache;
    const remote::PgConnection& m_server;
    FaultHook m_fault;
};

} // namespace cms::core::sync
