#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/cases/CaseFirms.h"
#include "core/cases/CasePeople.h"
#include "core/cases/CaseRows.h"
#include "core/cases/CaseStore.h"
#include "core/cases/CaseSummary.h"
#include "core/common/Result.h"
#include "core/sync/OfflineEdits.h"

#include <string>
#include <vector>

namespace cms::core::sync {

// A checked-out case offline (issue: offline field work): its summary and its rows as the cache
// holds them, with the edits made here. A save writes the changed fields to the cached row and
// the outbox in one transaction (OfflineEdits); the sync takes them to the server, which checks
// the version and the person's rights then (a conflict goes to the three-way view). What the
// server draws (a new case's id) waits for the network.
class CachedCaseStore
{
public:
    // The condition that leaves out rows whose removal here waits to be sent (cached_rows as r).
    static constexpr const char* kNotRemovedHere = " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'delete' "
                                                   "AND o.table_name = r.table_name AND o.row_id = r.row_id)";

    explicit CachedCaseStore(const cache::CacheDatabase& cache);

    [[nodiscard]] Result<cases::CaseSummary> load(const std::string& caseId) const;
    // Saves the fields of `edited` that differ from `base`; the outcome is the case as cached
    // now (never a conflict: that is the sync's to find).
    [[nodiscard]] Result<cases::SaveOutcome> save(const cases::CaseSummary& base,
                                                  const cases::CaseSummary& edited) const;
    // The case's rows of one kind, in the spec's order of the columns shown.
    [[nodiscard]] Result<std::vector<cases::CaseRow>> rows(const cases::CaseRowSpec& spec,
                                                           const std::string& caseId) const;
    // Saves the fields of an existing row that differ from `base` into the outbox (the same rules
    // as online: required fields, dates in order). Never a conflict: that is the sync's to find.
    // The outcome is the row as saved.
    [[nodiscard]] Result<cases::RowSaveOutcome>
    saveRow(const cases::CaseRowSpec& spec, const cases::CaseRow& base, const cases::CaseRow& edited) const;
    // A new row of a checked-out case (the same rules as online), with a local id until the sync
    // gives it the server's (OfflineEdits::add).
    [[nodiscard]] Result<cases::CaseRow>
    addRow(const cases::CaseRowSpec& spec, const std::string& caseId, const cases::CaseRow& row) const;
    // Queues the row's removal on the version it has here; it is hidden from then on. The office
    // may have changed it meanwhile: the sync then asks the person (ConflictResolver).
    [[nodiscard]] Result<void> removeRow(const cases::CaseRowSpec& spec, const cases::CaseRow& row) const;
    // The editable fields of a row that `edited` changes from `base` (empty: null), as saveRow
    // queues them.
    [[nodiscard]] static ChangedFields
    changedRowFields(const cases::CaseRowSpec& spec, const cases::CaseRow& base, const cases::CaseRow& edited);
    // The labels of a Choice or Reference column, as online (CaseRows::choices): the enum values
    // `held` (the case's rows of that kind, as rows() read them) hold (the full range is the
    // server's), or the case's cached rows it may name.
    [[nodiscard]] Result<std::vector<cases::Choice>>
    choices(const cases::ColumnSpec& column, const std::string& caseId, const std::vector<cases::CaseRow>& held) const;

    // The case's firms and their roles, as online (CaseFirms::load's order); a link removed here
    // is gone at once.
    [[nodiscard]] Result<std::vector<cases::CaseFirm>> firms(const std::string& caseId) const;
    // The firms the cache holds (those of the checked-out cases) whose name holds `namePart`
    // (any case), by name: what a firm is linked to a case from offline (OfflineEdits::linkFirm).
    [[nodiscard]] Result<std::vector<cases::FirmMatch>> firmsOnRecord(const std::string& namePart) const;
    // What an edit of a person changes: kind, source, declined fields (a PostgreSQL array, as the
    // server's apply takes it). PII changes only by correction.
    [[nodiscard]] static ChangedFields changedPersonFields(const cases::CasePerson& base,
                                                           const cases::CasePerson& edited);
    // Saves those changes into the outbox on the version `base` has (the same checks as online);
    // the cached row keeps its declined fields as the pull gives them (a JSON array).
    [[nodiscard]] Result<void> savePerson(const cases::CasePerson& base, const cases::CasePerson& edited) const;
    // The case's people with the masked values the server sent (PII: OfflineReveal).
    [[nodiscard]] Result<std::vector<cases::CasePerson>> people(const std::string& caseId) const;

private:
    const cache::CacheDatabase& m_cache;
};

} // namespace cms::core::sync
