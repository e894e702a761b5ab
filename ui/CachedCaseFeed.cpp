#include "ui/CachedCaseFeed.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/sync/CachedCaseList.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/OfflineCaseFile.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OfflineReveal.h"
#include "ui/CacheWorker.h"

#include <boost/json.hpp>
#include <chrono>

namespace cms::ui {

namespace {

using core::cache::CacheDatabase;
using core::cases::CaseSummary;

// Offline, events go to the laptop's own chain, sent at the next sync (issue: audit trail). A
// failure to record is not the person's to handle; the chain's integrity is checked at sync.
void recordEvent(const char* type,
                 const CacheDatabase& cache,
                 const std::string& caseId,
                 const std::string& outcome,
                 boost::json::object details)
{
    details["case_id"] = caseId;
    (void)core::cache::DeviceAuditChain(cache).append(
        type, "cms.cases", caseId, outcome, boost::json::serialize(details), std::chrono::system_clock::now());
}

// An edit made offline, or its refusal: the cause's code, never the person's words or a value.
template <typename T>
void recordOfflineEdit(const CacheDatabase& cache,
                       const std::string& caseId,
                       boost::json::object details,
                       const Result<T>& outcome)
{
    if (!outcome) {
        details["cause"] = toString(outcome.error().code);
    }
    recordEvent("case.edit_offline", cache, caseId, outcome ? "success" : "refused", std::move(details));
}

boost::json::array changedFields(const CaseSummary& base, const CaseSummary& edited)
{
    boost::json::array fields;
    for (const auto& field : CaseSummary::editableFields()) {
        if (base.field(field) != edited.field(field)) {
            fields.emplace_back(field);
        }
    }
    return fields;
}

} // namespace

CachedCaseFeed::CachedCaseFeed(CacheWorker& cache, core::sync::CacheOwner owner)
    : m_cache(cache)
    , m_owner(std::move(owner))
{}

bool CachedCaseFeed::isOffline() const
{
    return true;
}

void CachedCaseFeed::listPage(QObject* context,
                              const core::cases::CaseListFilter& filter,
                              long long offset,
                              int limit,
                              Done<Result<std::vector<core::cases::CaseListRow>>> done)
{
    m_cache.run<Result<std::vector<core::cases::CaseListRow>>>(
        context,
        [filter, offset, limit](const CacheDatabase& cache) {
            return core::sync::CachedCaseList(cache).page(filter, offset, limit);
        },
        std::move(done));
}

void CachedCaseFeed::listCount(QObject* context,
                               const core::cases::CaseListFilter& filter,
                               Done<Result<long long>> done)
{
    m_cache.run<Result<long long>>(
        context,
        [filter](const CacheDatabase& cache) { return core::sync::CachedCaseList(cache).count(filter); },
        std::move(done));
}

void CachedCaseFeed::openCase(QObject* context, const std::string& id, Done<Result<CaseSummary>> done)
{
    m_cache.run<Result<CaseSummary>>(
        context,
        [id](const CacheDatabase& cache) {
            auto loaded = core::sync::CachedCaseStore(cache).load(id);
            recordEvent("case.open",
                        cache,
                        id,
                        loaded ? "success" : "refused",
                        loaded ? boost::json::object{} : boost::json::object{{"cause", "not in the offline cache"}});
            return loaded;
        },
        std::move(done));
}

void CachedCaseFeed::createCase(QObject* context, const CaseSummary& draft, Done<Result<CaseSummary>> done)
{
    m_cache.run<Result<CaseSummary>>(
        context,
        [draft](const CacheDatabase& cache) -> Result<CaseSummary> {
            auto saved = core::sync::CachedCaseStore(cache).save(draft, draft);
            if (!saved) {
                return std::unexpected(saved.error());
            }
            return std::get<CaseSummary>(*saved);
        },
        std::move(done));
}

void CachedCaseFeed::saveCase(QObject* context,
                              const CaseSummary& base,
                              const CaseSummary& edited,
                              Done<Result<core::cases::SaveOutcome>> done)
{
    m_cache.run<Result<core::cases::SaveOutcome>>(
        context,
        [base, edited](const CacheDatabase& cache) {
            auto saved = core::sync::CachedCaseStore(cache).save(base, edited);
            boost::json::object details{{"fields", changedFields(base, edited)}};
            recordOfflineEdit(cache, base.id, std::move(details), saved);
            return saved;
        },
        std::move(done));
}

void CachedCaseFeed::saveRow(QObject* context,
                             const core::cases::CaseRowSpec& spec,
                             const std::string& caseId,
                             const core::cases::CaseRow& base,
                             const core::cases::CaseRow& edited,
                             Done<Result<core::cases::RowSaveOutcome>> done)
{
    m_cache.run<Result<core::cases::RowSaveOutcome>>(
        context,
        [&spec, caseId, base, edited](const CacheDatabase& cache) {
            auto saved = core::sync::CachedCaseStore(cache).saveRow(spec, base, edited);
            boost::json::array fields;
            for (const auto& [field, value] : core::sync::CachedCaseStore::changedRowFields(spec, base, edited)) {
                fields.emplace_back(field);
            }
            if (saved && fields.empty()) {
                return saved; // nothing changed: nothing queued, nothing to record
            }
            boost::json::object details{{"table", spec.table}, {"row_id", base.id}, {"fields", std::move(fields)}};
            recordOfflineEdit(cache, caseId, std::move(details), saved);
            return saved;
        },
        std::move(done));
}

void CachedCaseFeed::addRow(QObject* context,
                            const core::cases::CaseRowSpec& spec,
                            const std::string& caseId,
                            const core::cases::CaseRow& row,
                            Done<Result<core::cases::RowSaveOutcome>> done)
{
    m_cache.run<Result<core::cases::RowSaveOutcome>>(
        context,
        [&spec, caseId, row](const CacheDatabase& cache) -> Result<core::cases::RowSaveOutcome> {
            auto added = core::sync::CachedCaseStore(cache).addRow(spec, caseId, row);
            boost::json::array fields;
            for (const auto& [field, value] : core::sync::CachedCaseStore::changedRowFields(spec, {}, row)) {
                fields.emplace_back(field);
            }
            boost::json::object details{{"table", spec.table}, {"action", "add"}, {"fields", std::move(fields)}};
            if (added) {
                details["row_id"] = added->id;
            }
            recordOfflineEdit(cache, caseId, std::move(details), added);
            if (!added) {
                return std::unexpected(added.error());
            }
            return core::cases::RowSaveOutcome{std::move(*added)};
        },
        std::move(done));
}

void CachedCaseFeed::removeRow(QObject* context,
                               const core::cases::CaseRowSpec& spec,
                               const std::string& caseId,
                               const core::cases::CaseRow& row,
                               Done<Result<void>> done)
{
    m_cache.run<Result<void>>(
        context,
        [&spec, caseId, row](const CacheDatabase& cache) {
            auto removed = core::sync::CachedCaseStore(cache).removeRow(spec, row);
            boost::json::object details{{"table", spec.table}, {"action", "remove"}, {"row_id", row.id}};
            recordOfflineEdit(cache, caseId, std::move(details), removed);
            return removed;
        },
        std::move(done));
}

void CachedCaseFeed::caseFileCopy(QObject* context,
                                  const core::print::CopyRequest& request,
                                  bool registered,
                                  Done<Result<core::print::CaseFileCopy>> done)
{
    m_cache.run<Result<core::print::CaseFileCopy>>(
        context,
        [request, registered](const CacheDatabase& cache) {
            return registered ? core::sync::OfflineCaseFile::make(cache, request)
                              : core::sync::OfflineCaseFile::preview(cache, request);
        },
        std::move(done));
}

// Offline the lists of teams and staff are not at hand: the person's own team and themselves
// (the case's current values stay shown, SummaryTab keeps them).
void CachedCaseFeed::summaryChoices(QObject* context, Done<Result<SummaryChoices>> done)
{
    SummaryChoices choices;
    if (!m_owner.teamId.empty()) {
        choices.teams.emplace_back(m_owner.teamId, m_owner.team);
    }
    choices.staff.emplace_back(m_owner.loginRole, m_owner.displayName);
    m_cache.run<Result<SummaryChoices>>(
        context, [choices](const CacheDatabase&) -> Result<SummaryChoices> { return choices; }, std::move(done));
}

void CachedCaseFeed::caseRows(QObject* context,
                              const core::cases::CaseRowSpec& spec,
                              const std::string& caseId,
                              Done<Result<CaseRowsLoaded>> done)
{
    m_cache.run<Result<CaseRowsLoaded>>(
        context,
        [&spec, caseId](const CacheDatabase& cache) -> Result<CaseRowsLoaded> {
            const core::sync::CachedCaseStore store(cache);
            auto rows = store.rows(spec, caseId);
            if (!rows) {
                return std::unexpected(rows.error());
            }
            CaseRowsLoaded loaded{std::move(*rows), {}};
            for (const auto& column : spec.columns) {
                auto offered = store.choices(column, caseId, loaded.rows);
                if (!offered) {
                    return std::unexpected(offered.error());
                }
                if (!offered->empty()) {
                    loaded.choices[column.name] = std::move(*offered);
                }
            }
            return loaded;
        },
        std::move(done));
}

void CachedCaseFeed::caseFirms(QObject* context,
                               const std::string& caseId,
                               Done<Result<std::vector<core::cases::CaseFirm>>> done)
{
    m_cache.run<Result<std::vector<core::cases::CaseFirm>>>(
        context,
        [caseId](const CacheDatabase& cache) { return core::sync::CachedCaseStore(cache).firms(caseId); },
        std::move(done));
}

void CachedCaseFeed::firmsOnRecord(QObject* context,
                                   const std::string& namePart,
                                   Done<Result<std::vector<core::cases::FirmMatch>>> done)
{
    m_cache.run<Result<std::vector<core::cases::FirmMatch>>>(
        context,
        [namePart](const CacheDatabase& cache) { return core::sync::CachedCaseStore(cache).firmsOnRecord(namePart); },
        std::move(done));
}

void CachedCaseFeed::linkFirm(QObject* context,
                              const std::string& caseId,
                              const core::cases::FirmLink& link,
                              Done<Result<void>> done)
{
    m_cache.run<Result<void>>(
        context,
        [caseId, link](const CacheDatabase& cache) -> Result<void> {
            auto linked = link.firmId.empty()
                              ? Result<std::string>(fail(ErrorCode::InvalidArgument,
                                                         "A new firm needs the network: link a firm this computer "
                                                         "holds now, or record the new firm when online."))
                              : core::sync::OfflineEdits(cache).linkFirm(caseId, link.firmId, link.role);
            boost::json::object details{
                {"table", "case_firms"}, {"action", "add"}, {"fields", boost::json::array{"firm_id", "firm_role"}}};
            if (linked) {
                details["row_id"] = *linked;
            }
            recordOfflineEdit(cache, caseId, std::move(details), linked);
            if (!linked) {
                return std::unexpected(linked.error());
            }
            return {};
        },
        std::move(done));
}

void CachedCaseFeed::unlinkFirm(QObject* context,
                                const std::string& caseId,
                                const core::cases::CaseFirm& firm,
                                Done<Result<void>> done)
{
    m_cache.run<Result<void>>(
        context,
        [caseId, firm](const CacheDatabase& cache) -> Result<void> {
            const auto rowId = core::sync::OfflineEdits::firmLinkRow(caseId, firm.firmId, firm.role);
            auto removed = core::sync::OfflineEdits(cache).remove("case_firms", rowId);
            boost::json::object details{{"table", "case_firms"}, {"action", "remove"}, {"row_id", rowId}};
            recordOfflineEdit(cache, caseId, std::move(details), removed);
            if (!removed) {
                return std::unexpected(removed.error());
            }
            return {};
        },
        std::move(done));
}

void CachedCaseFeed::casePeople(QObject* context,
                                const std::string& caseId,
                                Done<Result<std::vector<core::cases::CasePerson>>> done)
{
    m_cache.run<Result<std::vector<core::cases::CasePerson>>>(
        context,
        [caseId](const CacheDatabase& cache) { return core::sync::CachedCaseStore(cache).people(caseId); },
        std::move(done));
}

// Recorded with the field names given, never a value.
void CachedCaseFeed::addPerson(QObject* context,
                               const std::string& caseId,
                               const core::cases::NewPerson& person,
                               Done<Result<std::string>> done)
{
    m_cache.run<Result<std::string>>(
        context,
        [holder = m_owner.piiHolder, caseId, person](const CacheDatabase& cache) {
            auto added = core::sync::OfflineEdits(cache).addPerson(caseId, person, holder);
            boost::json::array fields{"kind", "source", "declined_fields"};
            for (std::size_t f = 0; f < core::cases::kPiiFields.size(); ++f) {
                if (!person.pii[f].empty()) {
                    fields.emplace_back(core::cases::kPiiFields[f]);
                }
            }
            boost::json::object details{{"table", "people"}, {"action", "add"}, {"fields", std::move(fields)}};
            if (added) {
                details["row_id"] = *added;
            }
            recordOfflineEdit(cache, caseId, std::move(details), added);
            return added;
        },
        std::move(done));
}

void CachedCaseFeed::updatePerson(QObject* context,
                                  const std::string& caseId,
                                  const core::cases::CasePerson& base,
                                  const core::cases::CasePerson& edited,
                                  Done<Result<void>> done)
{
    m_cache.run<Result<void>>(
        context,
        [caseId, base, edited](const CacheDatabase& cache) -> Result<void> {
            const core::sync::CachedCaseStore store(cache);
            boost::json::array fields;
            for (const auto& [field, value] : core::sync::CachedCaseStore::changedPersonFields(base, edited)) {
                fields.emplace_back(field);
            }
            auto saved = store.savePerson(base, edited);
            boost::json::object details{{"table", "people"}, {"row_id", base.id}, {"fields", std::move(fields)}};
            recordOfflineEdit(cache, caseId, std::move(details), saved);
            return saved;
        },
        std::move(done));
}

// Recorded with the field's name, never the value or the reason (the person's words).
void CachedCaseFeed::correctPii(QObject* context,
                                const std::string& caseId,
                                const std::string& personId,
                                const std::string& field,
                                const std::string& value,
                                const std::string& reason,
                                Done<Result<void>> done)
{
    const bool mayCorrect = m_owner.piiHolder && (m_owner.jobRole == "officer" || m_owner.jobRole == "investigator");
    m_cache.run<Result<void>>(
        context,
        [mayCorrect, caseId, personId, field, value, reason](const CacheDatabase& cache) -> Result<void> {
            auto corrected = core::sync::OfflineEdits(cache).correctPii(personId, field, value, reason, mayCorrect);
            boost::json::object details{{"table", "people_pii"},
                                        {"action", "correct"},
                                        {"row_id", personId},
                                        {"fields", boost::json::array{boost::json::string(field)}}};
            recordOfflineEdit(cache, caseId, std::move(details), corrected);
            if (!corrected) {
                return std::unexpected(corrected.error());
            }
            return {};
        },
        std::move(done));
}

void CachedCaseFeed::revealPii(QObject* context,
                               const std::string& caseId,
                               const std::string& personId,
                               const std::string& field,
                               Done<Result<std::string>> done)
{
    m_cache.run<Result<std::string>>(
        context,
        [holder = m_owner.piiHolder, caseId, personId, field](const CacheDatabase& cache) {
            return core::sync::OfflineReveal::reveal(cache, holder, caseId, personId, field);
        },
        std::move(done));
}

} // namespace cms::ui
