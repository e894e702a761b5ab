#include "core/cases/CaseRows.h"

#include "core/model/Upc.h"

#include <algorithm>
#include <regex>

namespace cms::core::cases {

namespace {

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string readExpression(const ColumnSpec& column)
{
    const std::string name = column.name;
    switch (column.kind) {
    case ColumnKind::Timestamp:
        return "coalesce(to_char(" + name + ", 'YYYY-MM-DD HH24:MI'), '')";
    default:
        return "coalesce(" + name + "::text, '')";
    }
}

std::string castOf(const ColumnSpec& column)
{
    switch (column.kind) {
    case ColumnKind::Date:
        return "::date";
    case ColumnKind::Timestamp:
        return "::timestamptz";
    case ColumnKind::Choice:
        return std::string("::cms.") + column.choices;
    case ColumnKind::Reference:
        return std::string(column.references) == "people" ? "::uuid" : "::bigint";
    default:
        return "";
    }
}

// The rows of the case a Reference column may name, each with a label that holds no PII.
std::string referenceSql(const std::string& table)
{
    if (table == "products") {
        return "SELECT id::text, name || coalesce(' (' || model || ')', '') FROM cms.products WHERE case_id = $1 "
               "ORDER BY name, id";
    }
    if (table == "samples") {
        return "SELECT id::text, sample_number FROM cms.samples WHERE case_id = $1 ORDER BY sample_number";
    }
    if (table == "firms") {
        return "SELECT DISTINCT f.id::text, f.name FROM cms.case_firms cf JOIN cms.firms f ON f.id = cf.firm_id "
               "WHERE cf.case_id = $1 ORDER BY f.name";
    }
    if (table == "people") {
        return "SELECT id::text, coalesce(name_masked, '(no name)') || ', ' || replace(kind::text, '_', ' ') "
               "FROM cms.people WHERE case_id = $1 ORDER BY name_masked";
    }
    return "";
}

} // namespace

std::string CaseRow::value(const std::string& column) const
{
    const auto found = values.find(column);
    return found == values.end() ? std::string() : found->second;
}

CaseRows::CaseRows(const remote::PgConnection& connection, const CaseRowSpec& spec)
    : m_connection(connection)
    , m_spec(spec)
{}

std::string CaseRows::selectList() const
{
    std::string list = "id::text, version";
    for (const auto& column : m_spec.columns) {
        list += ", " + readExpression(column);
    }
    return list;
}

Result<CaseRow> CaseRows::rowOf(Result<remote::PgResult> result) const
{
    if (!result) {
        return std::unexpected(result.error());
    }
    if (result->rows() != 1) {
        return fail(ErrorCode::InvalidArgument,
                    std::string("The ") + m_spec.singular + " is no longer there: someone removed it meanwhile.");
    }
    CaseRow row{result->text(0, 0), std::stoi(result->text(0, 1)), {}};
    for (std::size_t i = 0; i < m_spec.columns.size(); ++i) {
        row.values[m_spec.columns[i].name] = result->text(0, static_cast<int>(i) + 2);
    }
    return row;
}

Result<std::vector<CaseRow>> CaseRows::load(const std::string& caseId) const
{
    auto result = m_connection.exec("SELECT " + selectList() + " FROM cms." + m_spec.table
                                        + " WHERE case_id = $1 ORDER BY " + m_spec.orderBy,
                                    {caseId});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<CaseRow> rows;
    for (int r = 0; r < result->rows(); ++r) {
        CaseRow row{result->text(r, 0), std::stoi(result->text(r, 1)), {}};
        for (std::size_t i = 0; i < m_spec.columns.size(); ++i) {
            row.values[m_spec.columns[i].name] = result->text(r, static_cast<int>(i) + 2);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<Choice>> CaseRows::choices(const ColumnSpec& column, const std::string& caseId) const
{
    Result<remote::PgResult> result = std::unexpected(Error{});
    if (column.kind == ColumnKind::Choice) {
        result = m_connection.exec(
            std::string("SELECT v::text, replace(v::text, '_', ' ') FROM unnest(enum_range(NULL::cms.") + column.choices
            + ")) AS v");
    } else if (column.kind == ColumnKind::Reference && !referenceSql(column.references).empty()) {
        result = m_connection.exec(referenceSql(column.references), {caseId});
    } else {
        return std::vector<Choice>{};
    }
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<Choice> choices;
    for (int r = 0; r < result->rows(); ++r) {
        choices.push_back({result->text(r, 0), result->text(r, 1)});
    }
    return choices;
}

std::optional<std::string> CaseRows::problem(const CaseRowSpec& spec, const CaseRow& row)
{
    static const std::regex date(R"(^\d{4}-\d{2}-\d{2}$)");
    static const std::regex timestamp(R"(^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$)");
    for (const auto& column : spec.columns) {
        if (!column.editable) {
            continue;
        }
        const auto value = row.value(column.name);
        if (blank(value)) {
            if (column.required) {
                return std::string(column.label) + ": this is required.";
            }
            continue;
        }
        if (column.kind == ColumnKind::Date && !std::regex_match(value, date)) {
            return std::string(column.label) + ": \"" + value + "\" is not a date (YYYY-MM-DD).";
        }
        if (column.kind == ColumnKind::Timestamp && !std::regex_match(value, timestamp)) {
            return std::string(column.label) + ": \"" + value + "\" is not a date and time (YYYY-MM-DD HH:MM).";
        }
        if (column.kind == ColumnKind::Upc && !model::Upc::isValid(value)) {
            return std::string(column.label) + ": \"" + value
                   + "\" is not a valid UPC (twelve digits, the last one a check digit).";
        }
    }
    for (const auto& [earlier, later] : spec.datesInOrder) {
        const auto first = row.value(earlier);
        const auto second = row.value(later);
        if (!first.empty() && !second.empty() && second < first) {
            return std::string(spec.column(later)->label) + ": " + second + " is before " + spec.column(earlier)->label
                   + " (" + first + ").";
        }
    }
    return std::nullopt;
}

Result<CaseRow> CaseRows::insert(const std::string& caseId, const CaseRow& row) const
{
    if (auto problem = CaseRows::problem(m_spec, row)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    std::string columns = "case_id";
    std::string values = "$1";
    remote::PgParams params{caseId};
    for (const auto& column : m_spec.columns) {
        const auto value = row.value(column.name);
        if (!column.editable || blank(value)) {
            continue;
        }
        params.emplace_back(value);
        columns += std::string(", ") + column.name;
        values += ", $" + std::to_string(params.size()) + castOf(column);
    }
    return rowOf(m_connection.exec("INSERT INTO cms." + std::string(m_spec.table) + " (" + columns + ") VALUES ("
                                       + values + ") RETURNING " + selectList(),
                                   params));
}

Result<CaseRow> CaseRows::update(const CaseRow& row) const
{
    if (auto problem = CaseRows::problem(m_spec, row)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    std::string assignments;
    remote::PgParams params{row.id, std::to_string(row.version)};
    for (const auto& column : m_spec.columns) {
        if (!column.editable) {
            continue;
        }
        const auto value = row.value(column.name);
        params.push_back(blank(value) ? std::nullopt : std::optional<std::string>(value));
        assignments += std::string(column.name) + " = $" + std::to_string(params.size()) + castOf(column) + ", ";
    }
    return rowOf(m_connection.exec("UPDATE cms." + std::string(m_spec.table) + " SET " + assignments
                                       + "version = $2::integer WHERE id = $1::bigint RETURNING " + selectList(),
                                   params));
}

Result<RowSaveOutcome> CaseRows::save(const CaseRow& base, const CaseRow& edited) const
{
    auto updated = update(edited);
    if (updated) {
        return RowSaveOutcome{std::move(*updated)};
    }
    if (!updated.error().detail.starts_with("SQLSTATE ZV001")) { // cms.stamp_row: a stale version
        return std::unexpected(updated.error());
    }
    auto current = rowOf(m_connection.exec(
        "SELECT " + selectList() + " FROM cms." + std::string(m_spec.table) + " WHERE id = $1::bigint", {base.id}));
    if (!current) {
        return std::unexpected(current.error());
    }
    RowConflict conflict{*current, {}, {}};
    for (const auto& column : m_spec.columns) {
        const std::string field = column.name;
        const auto before = base.value(field);
        const auto theirs = current->value(field);
        const auto mine = edited.value(field);
        if (!column.editable || theirs == before) {
            continue;
        }
        conflict.changedByThem.push_back(field);
        if (mine != before && mine != theirs) {
            conflict.conflicts.push_back({field, before, mine, theirs});
        }
    }
    if (!conflict.conflicts.empty()) {
        return RowSaveOutcome{std::move(conflict)};
    }
    auto merged = update(resolve(m_spec, conflict, base, edited, {}));
    if (!merged) {
        return std::unexpected(merged.error());
    }
    return RowSaveOutcome{std::move(*merged)};
}

CaseRow CaseRows::resolve(const CaseRowSpec& spec,
                          const RowConflict& conflict,
                          const CaseRow& base,
                          const CaseRow& edited,
                          const std::map<std::string, bool>& keepMine)
{
    CaseRow resolved = conflict.current;
    for (const auto& column : spec.columns) {
        const std::string field = column.name;
        const bool mineChanged = edited.value(field) != base.value(field);
        const bool theirsChanged = std::ranges::find(conflict.changedByThem, field) != conflict.changedByThem.end();
        const auto choice = keepMine.find(field);
        if (column.editable && mineChanged && (!theirsChanged || (choice != keepMine.end() && choice->second))) {
            resolved.values[field] = edited.value(field);
        }
    }
    return resolved;
}

Result<void> CaseRows::remove(const CaseRow& row) const
{
    auto result = m_connection.exec("DELETE FROM cms." + std::string(m_spec.table)
                                        + " WHERE id = $1::bigint AND version = $2::integer RETURNING id",
                                    {row.id, std::to_string(row.version)});
    if (!result) {
        return std::unexpected(result.error());
    }
    if (result->rows() != 1) {
        return fail(ErrorCode::InvalidArgument,
                    std::string("The ") + m_spec.singular
                        + " changed or was removed by someone else meanwhile: reload the case, then try again.");
    }
    return {};
}

} // namespace cms::core::cases
