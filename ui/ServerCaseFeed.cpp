#include "ui/ServerCaseFeed.h"

#include "ui/DatabaseWorker.h"

namespace cms::ui {

namespace {

using core::cases::CaseSummary;
using core::remote::PgConnection;

Result<SummaryChoices> loadSummaryChoices(const PgConnection& connection)
{
    SummaryChoices choices;
    for (auto [sql, into] : {std::pair{"SELECT id::text, name FROM cms.teams ORDER BY name", &choices.teams},
                             std::pair{"SELECT login_role::text, display_name FROM cms.staff WHERE active AND job_role "
                                       "IN ('officer', 'investigator', 'manager') ORDER BY display_name",
                                       &choices.staff}}) {
        auto rows = connection.exec(sql);
        if (!rows) {
            return std::unexpected(rows.error());
        }
        for (int r = 0; r < rows->rows(); ++r) {
            into->emplace_back(rows->text(r, 0), rows->text(r, 1));
        }
    }
    return choices;
}

Result<CaseRowsLoaded>
loadRows(const PgConnection& connection, const core::cases::CaseRowSpec& spec, const std::string& caseId)
{
    const core::cases::CaseRows rows(connection, spec);
    CaseRowsLoaded loaded;
    auto listed = rows.load(caseId);
    if (!listed) {
        return std::unexpected(listed.error());
    }
    loaded.rows = std::move(*listed);
    for (const auto& column : spec.columns) {
        auto offered = rows.choices(column, caseId);
        if (!offered) {
            return std::unexpected(offered.error());
        }
        if (!offered->empty()) {
            loaded.choices[column.name] = std::move(*offered);
        }
    }
    return loaded;
}

} // namespace

ServerCaseFeed::ServerCaseFeed(DatabaseWorker& database)
    : m_database(database)
{}

bool ServerCaseFeed::isOffline() const
{
    return false;
}

void ServerCaseFeed::listPage(QObject* context,
                              const core::cases::CaseListFilter& filter,
                              long long offset,
                              int limit,
                              Done<Result<std::vector<core::cases::CaseListRow>>> done)
{
    m_database.run<Result<std::vector<core::cases::CaseListRow>>>(
        context,
        [filter, offset, limit](const PgConnection& connection) {
            return core::cases::CaseList(connection).page(filter, offset, limit);
        },
        std::move(done));
}

void ServerCaseFeed::listCount(QObject* context,
                               const core::cases::CaseListFilter& filter,
                               Done<Result<long long>> done)
{
    m_database.run<Result<long long>>(
        context,
        [filter](const PgConnection& connection) { return core::cases::CaseList(connection).count(filter); },
        std::move(done));
}

void ServerCaseFeed::openCase(QObject* context, const std::string& id, Done<Result<CaseSummary>> done)
{
    m_database.run<Result<CaseSummary>>(
        context,
        [id](const PgConnection& connection) { return core::cases::CaseStore(connection).open(id); },
        std::move(done));
}

void ServerCaseFeed::createCase(QObject* context, const CaseSummary& draft, Done<Result<CaseSummary>> done)
{
    m_database.run<Result<CaseSummary>>(
        context,
        [draft](const PgConnection& connection) { return core::cases::CaseStore(connection).create(draft); },
        std::move(done));
}

void ServerCaseFeed::saveCase(QObject* context,
                              const CaseSummary& base,
                              const CaseSummary& edited,
                              Done<Result<core::cases::SaveOutcome>> done)
{
    m_database.run<Result<core::cases::SaveOutcome>>(
        context,
        [base, edited](const PgConnection& connection) {
            return core::cases::CaseStore(connection).save(base, edited);
        },
        std::move(done));
}

void ServerCaseFeed::summaryChoices(QObject* context, Done<Result<SummaryChoices>> done)
{
    m_database.run<Result<SummaryChoices>>(context, &loadSummaryChoices, std::move(done));
}

void ServerCaseFeed::caseRows(QObject* context,
                              const core::cases::CaseRowSpec& spec,
                              const std::string& caseId,
                              Done<Result<CaseRowsLoaded>> done)
{
    m_database.run<Result<CaseRowsLoaded>>(
        context,
        [&spec, caseId](const PgConnection& connection) { return loadRows(connection, spec, caseId); },
        std::move(done));
}

void ServerCaseFeed::saveRow(QObject* context,
                             const core::cases::CaseRowSpec& spec,
                             const std::string& /*caseId*/,
                             const core::cases::CaseRow& base,
                             const core::cases::CaseRow& edited,
                             Done<Result<core::cases::RowSaveOutcome>> done)
{
    m_database.run<Result<core::cases::RowSaveOutcome>>(
        context,
        [&spec, base, edited](const PgConnection& connection) {
            return core::cases::CaseRows(connection, spec).save(base, edited);
        },
        std::move(done));
}

void ServerCaseFeed::addRow(QObject* context,
                            const core::cases::CaseRowSpec& spec,
                            const std::string& caseId,
                            const core::cases::CaseRow& row,
                            Done<Result<core::cases::RowSaveOutcome>> done)
{
    m_database.run<Result<core::cases::RowSaveOutcome>>(
        context,
        [&spec, caseId, row](const PgConnection& connection) -> Result<core::cases::RowSaveOutcome> {
            auto inserted = core::cases::CaseRows(connection, spec).insert(caseId, row);
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            return core::cases::RowSaveOutcome{std::move(*inserted)};
        },
        std::move(done));
}

void ServerCaseFeed::removeRow(QObject* context,
                               const core::cases::CaseRowSpec& spec,
                               const std::string& /*caseId*/,
                               const core::cases::CaseRow& row,
                               Done<Result<void>> done)
{
    m_database.run<Result<void>>(
        context,
        [&spec, row](const PgConnection& connection) { return core::cases::CaseRows(connection, spec).remove(row); },
        std::move(done));
}

void ServerCaseFeed::caseFileCopy(QObject* context,
                                  const core::print::CopyRequest& request,
                                  bool registered,
                                  Done<Result<core::print::CaseFileCopy>> done)
{
    m_database.run<Result<core::print::CaseFileCopy>>(
        context,
        [request, registered](const PgConnection& connection) {
            return registered ? core::print::CaseFileCopy::make(connection, request)
                              : core::print::CaseFileCopy::preview(connection, request);
        },
        std::move(done));
}

void ServerCaseFeed::caseFirms(QObject* context,
                               const std::string& caseId,
                               Done<Result<std::vector<core::cases::CaseFirm>>> done)
{
    m_database.run<Result<std::vector<core::cases::CaseFirm>>>(
        context,
        [caseId](const PgConnection& connection) { return core::cases::CaseFirms(connection).load(caseId); },
        std::move(done));
}

void ServerCaseFeed::firmsOnRecord(QObject* context,
                                   const std::string& namePart,
                                   Done<Result<std::vector<core::cases::FirmMatch>>> done)
{
    m_database.run<Result<std::vector<core::cases::FirmMatch>>>(
        context,
        [namePart](const PgConnection& connection) { return core::cases::CaseFirms(connection).find(namePart); },
        std::move(done));
}

void ServerCaseFeed::linkFirm(QObject* context,
                              const std::string& caseId,
                              const core::cases::FirmLink& link,
                              Done<Result<void>> done)
{
    m_database.run<Result<void>>(
        context,
        [caseId, link](const PgConnection& connection) {
            return core::cases::CaseFirms(connection)
                .add(caseId, link.firmId, link.name, link.city, link.country, link.role);
        },
        std::move(done));
}

void ServerCaseFeed::unlinkFirm(QObject* context,
                                const std::string& caseId,
                                const core::cases::CaseFirm& firm,
                                Done<Result<void>> done)
{
    m_database.run<Result<void>>(
        context,
        [caseId, firm](const PgConnection& connection) {
            return core::cases::CaseFirms(connection).remove(caseId, firm);
        },
        std::move(done));
}

void ServerCaseFeed::addPerson(QObject* context,
                               const std::string& caseId,
                               const core::cases::NewPerson& person,
                               Done<Result<std::string>> done)
{
    m_database.run<Result<std::string>>(
        context,
        [caseId, person](const PgConnection& connection) {
            return core::cases::CasePeople(connection).add(caseId, person);
        },
        std::move(done));
}

void ServerCaseFeed::updatePerson(QObject* context,
                                  const std::string&,
                                  const core::cases::CasePerson&,
                                  const core::cases::CasePerson& edited,
                                  Done<Result<void>> done)
{
    m_database.run<Result<void>>(
        context,
        [edited](const PgConnection& connection) { return core::cases::CasePeople(connection).update(edited); },
        std::move(done));
}

void ServerCaseFeed::correctPii(QObject* context,
                                const std::string&,
                                const std::string& personId,
                                const std::string& field,
                                const std::string& value,
                                const std::string& reason,
                                Done<Result<void>> done)
{
    m_database.run<Result<void>>(
        context,
        [personId, field, value, reason](const PgConnection& connection) {
            return core::cases::CasePeople(connection).correct(personId, field, value, reason);
        },
        std::move(done));
}

void ServerCaseFeed::casePeople(QObject* context,
                                const std::string& caseId,
                                Done<Result<std::vector<core::cases::CasePerson>>> done)
{
    m_database.run<Result<std::vector<core::cases::CasePerson>>>(
        context,
        [caseId](const PgConnection& connection) { return core::cases::CasePeople(connection).load(caseId); },
        std::move(done));
}

void ServerCaseFeed::revealPii(QObject* context,
                               const std::string& /*caseId*/,
                               const std::string& personId,
                               const std::string& field,
                               Done<Result<std::string>> done)
{
    m_database.run<Result<std::string>>(
        context,
        [personId, field](const PgConnection& connection) {
            return core::cases::CasePeople(connection).reveal(personId, field);
        },
        std::move(done));
}

} // namespace cms::ui
