#pragma once

#include "core/sync/CacheOwner.h"
#include "ui/CaseFeed.h"

namespace cms::ui {

class CacheWorker;

// The checked-out cases as the offline cache holds them, with the edits made here (issue: offline
// field work); a save goes to the cache and its outbox for the next sync.
class CachedCaseFeed final : public CaseFeed
{
public:
    CachedCaseFeed(CacheWorker& cache, core::sync::CacheOwner owner);

    [[nodiscard]] bool isOffline() const override;
    void listPage(QObject* context,
                  const core::cases::CaseListFilter& filter,
                  long long offset,
                  int limit,
                  Done<Result<std::vector<core::cases::CaseListRow>>> done) override;
    void listCount(QObject* context, const core::cases::CaseListFilter& filter, Done<Result<long long>> done) override;
    void openCase(QObject* context, const std::string& id, Done<Result<core::cases::CaseSummary>> done) override;
    void createCase(QObject* context,
                    const core::cases::CaseSummary& draft,
                    Done<Result<core::cases::CaseSummary>> done) override;
    void saveCase(QObject* context,
                  const core::cases::CaseSummary& base,
                  const core::cases::CaseSummary& edited,
                  Done<Result<core::cases::SaveOutcome>> done) override;
    void summaryChoices(QObject* context, Done<Result<SummaryChoices>> done) override;
    void caseRows(QObject* context,
                  const core::cases::CaseRowSpec& spec,
                  const std::string& caseId,
                  Done<Result<CaseRowsLoaded>> done) override;
    void saveRow(QObject* context,
                 const core::cases::CaseRowSpec& spec,
                 const std::string& caseId,
                 const core::cases::CaseRow& base,
                 const core::cases::CaseRow& edited,
                 Done<Result<core::cases::RowSaveOutcome>> done) override;
    void addRow(QObject* context,
                const core::cases::CaseRowSpec& spec,
                const std::string& caseId,
                const core::cases::CaseRow& row,
                Done<Result<core::cases::RowSaveOutcome>> done) override;
    void removeRow(QObject* context,
                   const core::cases::CaseRowSpec& spec,
                   const std::string& caseId,
                   const core::cases::CaseRow& row,
                   Done<Result<void>> done) override;
    void caseFileCopy(QObject* context,
                      const core::print::CopyRequest& request,
                      bool registered,
                      Done<Result<core::print::CaseFileCopy>> done) override;
    void caseFirms(QObject* context,
                   const std::string& caseId,
                   Done<Result<std::vector<core::cases::CaseFirm>>> done) override;
    void firmsOnRecord(QObject* context,
                       const std::string& namePart,
                       Done<Result<std::vector<core::cases::FirmMatch>>> done) override;
    void linkFirm(QObject* context,
                  const std::string& caseId,
                  const core::cases::FirmLink& link,
                  Done<Result<void>> done) override;
    void unlinkFirm(QObject* context,
                    const std::string& caseId,
                    const core::cases::CaseFirm& firm,
                    Done<Result<void>> done) override;
    void casePeople(QObject* context,
                    const std::string& caseId,
                    Done<Result<std::vector<core::cases::CasePerson>>> done) override;
    void addPerson(QObject* context,
                   const std::string& caseId,
                   const core::cases::NewPerson& person,
                   Done<Result<std::string>> done) override;
    void updatePerson(QObject* context,
                      const std::string& caseId,
                      const core::cases::CasePerson& base,
                      const core::cases::CasePerson& edited,
                      Done<Result<void>> done) override;
    void correctPii(QObject* context,
                    const std::string& caseId,
                    const std::string& personId,
                    const std::string& field,
                    const std::string& value,
                    const std::string& reason,
                    Done<Result<void>> done) override;
    void revealPii(QObject* context,
                   const std::string& caseId,
                   const std::string& personId,
                   const std::string& field,
                   Done<Result<std::string>> done) override;

private:
    CacheWorker& m_cache;
    core::sync::CacheOwner m_owner;
};

} // namespace cms::ui
