#pragma once

#include "core/cases/CaseFirms.h"
#include "core/cases/CaseList.h"
#include "core/cases/CaseListFilter.h"
#include "core/cases/CasePeople.h"
#include "core/cases/CaseRows.h"
#include "core/cases/CaseStore.h"
#include "core/common/Result.h"
#include "core/print/CaseFileCopy.h"

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

class QObject;

namespace cms::ui {

// What the summary's team and assignee boxes offer: (value, label).
struct SummaryChoices
{
    std::vector<std::pair<std::string, std::string>> teams;
    std::vector<std::pair<std::string, std::string>> staff;
};

// A case's rows of one kind with the labels of their choices and references.
struct CaseRowsLoaded
{
    std::vector<core::cases::CaseRow> rows;
    std::map<std::string, std::vector<core::cases::Choice>> choices;
};

// Where the case list and the case form get their cases: the server (online) or the offline
// cache (issue: offline field work), so the same widgets work in both. Every call answers later,
// on the GUI thread, to `done`, unless `context` is gone by then; calls are answered in order.
class CaseFeed
{
public:
    template <typename T> using Done = std::function<void(T)>;

    CaseFeed() = default;
    CaseFeed(const CaseFeed&) = delete;
    CaseFeed& operator=(const CaseFeed&) = delete;
    virtual ~CaseFeed() = default;

    // The offline cache: what needs the network (a new case, saved searches, name searches, the
    // history, changes other than the summary's, PII) is not offered.
    [[nodiscard]] virtual bool isOffline() const = 0;

    virtual void listPage(QObject* context,
                          const core::cases::CaseListFilter& filter,
                          long long offset,
                          int limit,
                          Done<Result<std::vector<core::cases::CaseListRow>>> done) = 0;
    virtual void
    listCount(QObject* context, const core::cases::CaseListFilter& filter, Done<Result<long long>> done) = 0;
    // The case form opens a case (online an audit event, `case.open`).
    virtual void openCase(QObject* context, const std::string& id, Done<Result<core::cases::CaseSummary>> done) = 0;
    virtual void createCase(QObject* context,
                            const core::cases::CaseSummary& draft,
                            Done<Result<core::cases::CaseSummary>> done) = 0;
    virtual void saveCase(QObject* context,
                          const core::cases::CaseSummary& base,
                          const core::cases::CaseSummary& edited,
                          Done<Result<core::cases::SaveOutcome>> done) = 0;
    virtual void summaryChoices(QObject* context, Done<Result<SummaryChoices>> done) = 0;
    virtual void caseRows(QObject* context,
                          const core::cases::CaseRowSpec& spec,
                          const std::string& caseId,
                          Done<Result<CaseRowsLoaded>> done) = 0;
    // Saves an edit of an existing row of `caseId` (online: on its version, a conflict when it
    // changed meanwhile; offline: into the outbox, the sync finds conflicts).
    virtual void saveRow(QObject* context,
                         const core::cases::CaseRowSpec& spec,
                         const std::string& caseId,
                         const core::cases::CaseRow& base,
                         const core::cases::CaseRow& edited,
                         Done<Result<core::cases::RowSaveOutcome>> done) = 0;
    // Adds a row to `caseId` (online: the server inserts it; offline: into the cache and the
    // outbox with a local id until the sync gives it the server's).
    virtual void addRow(QObject* context,
                        const core::cases::CaseRowSpec& spec,
                        const std::string& caseId,
                        const core::cases::CaseRow& row,
                        Done<Result<core::cases::RowSaveOutcome>> done) = 0;
    // Removes a row on its version (online: refused when it changed meanwhile; offline: queued
    // and hidden, the sync asks the person when the office changed it meanwhile).
    virtual void removeRow(QObject* context,
                           const core::cases::CaseRowSpec& spec,
                           const std::string& caseId,
                           const core::cases::CaseRow& row,
                           Done<Result<void>> done) = 0;
    // A case file's copy to print (issue: hard copies): registered and read (`registered`), or
    // a preview (nothing registered, PII masked). Offline: read from the cache and registered in
    // the laptop's register until the sync (no history; a PII-holder's unredacted copy prints
    // the PII the cache holds, recorded in the laptop's chain).
    virtual void caseFileCopy(QObject* context,
                              const core::print::CopyRequest& request,
                              bool registered,
                              Done<Result<core::print::CaseFileCopy>> done) = 0;
    virtual void
    caseFirms(QObject* context, const std::string& caseId, Done<Result<std::vector<core::cases::CaseFirm>>> done) = 0;
    // The firms on record whose name holds `namePart`: online the office's register of firms,
    // offline the firms the cache holds (those of the checked-out cases).
    virtual void firmsOnRecord(QObject* context,
                               const std::string& namePart,
                               Done<Result<std::vector<core::cases::FirmMatch>>> done) = 0;
    // Links a firm to the case in a role (online: a new firm is recorded first; offline: a firm
    // the cache holds, into the outbox, and a new firm needs the network).
    virtual void linkFirm(QObject* context,
                          const std::string& caseId,
                          const core::cases::FirmLink& link,
                          Done<Result<void>> done) = 0;
    // Unlinks a firm from the case in its role (offline: queued, and hidden at once).
    virtual void unlinkFirm(QObject* context,
                            const std::string& caseId,
                            const core::cases::CaseFirm& firm,
                            Done<Result<void>> done) = 0;
    // The case's people as everyone may read them: masked values only.
    virtual void casePeople(QObject* context,
                            const std::string& caseId,
                            Done<Result<std::vector<core::cases::CasePerson>>> done) = 0;
    // Adds a person to the case (their PII entered only by a PII-holder); the person's id. Offline
    // into the cache and its outbox, the PII in the encrypted cache until the sync.
    virtual void addPerson(QObject* context,
                           const std::string& caseId,
                           const core::cases::NewPerson& person,
                           Done<Result<std::string>> done) = 0;
    // Saves a person's kind, source and declined fields on the version `base` has (PII changes
    // only by correction). Offline into the outbox, the sync finds conflicts.
    virtual void updatePerson(QObject* context,
                              const std::string& caseId,
                              const core::cases::CasePerson& base,
                              const core::cases::CasePerson& edited,
                              Done<Result<void>> done) = 0;
    // Corrects one PII field of a person of `caseId`, with its reason (officers and investigators
    // with the PII grant). Online through cms.correct_pii; offline the cached PII takes the value
    // and the outbox the correction, applied at the sync only on the value it replaced.
    virtual void correctPii(QObject* context,
                            const std::string& caseId,
                            const std::string& personId,
                            const std::string& field,
                            const std::string& value,
                            const std::string& reason,
                            Done<Result<void>> done) = 0;
    // One PII field of a person of `caseId` (one of core::cases::kPiiFields), recorded with the
    // field's name: online by the server (cms.reveal_pii), offline in the laptop's chain from the
    // PII a PII-holder's cache holds. An error names a refusal (recorded too).
    virtual void revealPii(QObject* context,
                           const std::string& caseId,
                           const std::string& personId,
                           const std::string& field,
                           Done<Result<std::string>> done) = 0;
};

} // namespace cms::ui
