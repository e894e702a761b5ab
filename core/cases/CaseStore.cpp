#include "core/cases/CaseStore.h"

#include <algorithm>

namespace cms::core::cases {

namespace {

constexpr const char* kColumns = "id, title, case_type, status, opened_on::text, coalesce(closed_on::text, ''), "
                                 "coalesce(closure_reason, ''), coalesce(assigned_to::text, ''), "
                                 "coalesce(team_id::text, ''), restricted, legal_hold, version, "
                                 "to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS'), updated_by";

CaseSummary summaryOf(const remote::PgResult& result, int row = 0)
{
    CaseSummary summary;
    summary.id = result.text(row, 0);
    summary.title = result.text(row, 1);
    summary.type = result.text(row, 2);
    summary.status = result.text(row, 3);
    summary.openedOn = result.text(row, 4);
    summary.closedOn = result.text(row, 5);
    summary.closureReason = result.text(row, 6);
    summary.assignedTo = result.text(row, 7);
    summary.teamId = result.text(row, 8);
    summary.restricted = result.text(row, 9) == "t";
    summary.legalHold = result.text(row, 10) == "t";
    summary.version = std::stoi(result.text(row, 11));
    summary.updatedAt = result.text(row, 12);
    summary.updatedBy = result.text(row, 13);
    return summary;
}

// The column's cast; an empty value is SQL NULL for the columns that may be empty.
std::string castOf(const std::string& field)
{
    if (field == "case_type") {
        return "::cms.case_type";
    }
    if (field == "status") {
        return "::cms.case_status";
    }
    if (field == "opened_on" || field == "closed_on") {
        return "::date";
    }
    if (field == "assigned_to") {
        return "::name";
    }
    if (field == "team_id") {
        return "::integer";
    }
    if (field == "restricted" || field == "legal_hold") {
        return "::boolean";
    }
    return "";
}

std::optional<std::string> valueOf(const CaseSummary& summary, const std::string& field)
{
    auto value = summary.field(field);
    const bool nullable = field == "closed_on" || field == "closure_reason" || field == "assigned_to"
                          || field == "team_id" || field == "opened_on";
    if (nullable && value.empty()) {
        return std::nullopt;
    }
    return value;
}

bool isStaleVersion(const Error& error)
{
    return error.detail.starts_with("SQLSTATE ZV001");
}

} // namespace

CaseStore::CaseStore(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<CaseSummary> CaseStore::load(const std::string& id) const
{
    auto result = m_connection.exec(std::string("SELECT ") + kColumns + " FROM cms.cases WHERE id = $1", {id});
    if (!result) {
        return std::unexpected(result.error());
    }
    if (result->rows() != 1) {
        return fail(ErrorCode::InvalidArgument, "No case " + id + " is visible to you.");
    }
    return summaryOf(*result);
}

Result<CaseSummary> CaseStore::open(const std::string& id) const
{
    auto summary = load(id);
    const char* outcome = summary ? "success" : "refused";
    auto recorded =
        m_connection.exec("SELECT cms_audit.record_event('case.open', 'cms.cases', $1, $2, "
                          "jsonb_build_object('case_id', $1::text) || $3::jsonb)",
                          {id,
                           outcome,
                           summary                                              ? "{}"
                           : summary.error().code == ErrorCode::InvalidArgument ? R"({"cause": "not_visible"})"
                                                                                : R"({"cause": "error"})"});
    if (!recorded) {
        return std::unexpected(recorded.error()); // no case is shown unrecorded
    }
    return summary;
}

Result<CaseSummary> CaseStore::create(const CaseSummary& draft) const
{
    if (auto problem = draft.problem()) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    std::string columns;
    std::string values;
    remote::PgParams params;
    for (const auto& field : CaseSummary::editableFields()) {
        const auto value = valueOf(draft, field);
        if (!value) {
            continue;
        }
        params.emplace_back(*value);
        columns += (columns.empty() ? "" : ", ") + field;
        values += (values.empty() ? "$" : ", $") + std::to_string(params.size()) + castOf(field);
    }
    auto result = m_connection.exec(
        "INSERT INTO cms.cases (" + columns + ") VALUES (" + values + ") RETURNING " + kColumns, params);
    if (!result) {
        return std::unexpected(result.error());
    }
    return summaryOf(*result);
}

Result<SaveOutcome> CaseStore::save(const CaseSummary& base, const CaseSummary& edited) const
{
    if (auto problem = edited.problem()) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    std::string assignments;
    remote::PgParams params{base.id, std::to_string(base.version)};
    for (const auto& field : CaseSummary::editableFields()) {
        if (edited.field(field) == base.field(field)) {
            continue; // only what this person changed: the rest stays as whoever saved it last
        }
        params.push_back(valueOf(edited, field));
        assignments += field + " = $" + std::to_string(params.size()) + castOf(field) + ", ";
    }
    if (assignments.empty()) {
        return SaveOutcome{base};
    }
    auto result = m_connection.exec("UPDATE cms.cases SET " + assignments + "version = $2::integer WHERE id = $1 "
                                        + "RETURNING " + kColumns,
                                    params);
    if (result) {
        if (result->rows() != 1) {
            return fail(ErrorCode::InvalidArgument, "The case " + base.id + " is no longer visible to you.");
        }
        return SaveOutcome{summaryOf(*result)};
    }
    if (!isStaleVersion(result.error())) {
        return std::unexpected(result.error());
    }
    auto current = load(base.id);
    if (!current) {
        return std::unexpected(current.error());
    }
    SaveConflict conflict{*current, {}, {}};
    for (const auto& field : CaseSummary::editableFields()) {
        const auto before = base.field(field);
        const auto theirs = current->field(field);
        const auto mine = edited.field(field);
        if (theirs == before) {
            continue;
        }
        conflict.changedByThem.push_back(field);
        if (mine != before && mine != theirs) {
            conflict.conflicts.push_back({field, before, mine, theirs});
        }
    }
    return SaveOutcome{conflict};
}

CaseSummary CaseStore::resolve(const SaveConflict& conflict,
                               const CaseSummary& base,
                               const CaseSummary& edited,
                               const std::map<std::string, bool>& keepMine)
{
    CaseSummary resolved = conflict.current;
    for (const auto& field : CaseSummary::editableFields()) {
        const bool mineChanged = edited.field(field) != base.field(field);
        const bool theirsChanged = std::ranges::find(conflict.changedByThem, field) != conflict.changedByThem.end();
        const auto choice = keepMine.find(field);
        if (mineChanged && (!theirsChanged || (choice != keepMine.end() && choice->second))) {
            resolved.setField(field, edited.field(field));
        }
    }
    return resolved;
}

} // namespace cms::core::cases
