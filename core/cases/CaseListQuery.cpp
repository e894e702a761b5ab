#include "core/cases/CaseListQuery.h"

#include "core/model/CaseId.h"

#include <algorithm>
#include <regex>

namespace cms::core::cases {

namespace {

// `{a,b}`: the values are known enum labels (checked), so no quoting is needed.
Result<std::string>
enumArray(const std::vector<std::string>& values, const std::vector<std::string>& known, const char* what)
{
    std::string array = "{";
    for (const auto& value : values) {
        if (std::ranges::find(known, value) == known.end()) {
            return fail(ErrorCode::InvalidArgument, std::string("\"") + value + "\" is not a case " + what + ".");
        }
        array += (array.size() > 1 ? "," : "") + value;
    }
    return array + "}";
}

bool looksLikeDisplayedCaseId(const std::string& term)
{
    static const std::regex shape(R"(^\s*[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z*~$=Uu]\s*$)");
    return std::regex_match(term, shape);
}

bool isDate(const std::string& text)
{
    static const std::regex shape(R"(^\d{4}-\d{2}-\d{2}$)");
    return std::regex_match(text, shape);
}

// The sort key for a column, and whether the id breaks ties in the same direction (so that the
// index of that sort serves both directions, scanned forward or backward).
struct SortKey
{
    const char* expression;
    bool indexDescending;
};

SortKey sortKeyOf(CaseListColumn column)
{
    switch (column) {
    case CaseListColumn::Id:
        return {"c.id", false};
    case CaseListColumn::Title:
        return {"c.title", false};
    case CaseListColumn::Type:
        return {"c.case_type", false};
    case CaseListColumn::Status:
        return {"c.status", false};
    case CaseListColumn::AssignedTo:
        return {"c.assigned_to", false};
    case CaseListColumn::Firm:
        return {"c.lead_firm", false};
    case CaseListColumn::LastChanged:
        return {"c.updated_at", true};
    case CaseListColumn::Opened:
        break;
    }
    return {"c.opened_on", true};
}

} // namespace

std::string CaseListQuery::nextPlaceholder(int after) const
{
    return "$" + std::to_string(m_params.size() + 1 + static_cast<std::size_t>(after));
}

Result<CaseListQuery> CaseListQuery::build(const CaseListFilter& filter)
{
    CaseListQuery query;
    std::vector<std::string> conditions;
    const auto bind = [&](std::string value) {
        query.m_params.emplace_back(std::move(value));
        return "$" + std::to_string(query.m_params.size());
    };
    if (!filter.search.empty()) {
        if (auto id = model::CaseId::parse(filter.search); id) {
            conditions.push_back("c.id = " + bind(id->compact()));
        } else if (looksLikeDisplayedCaseId(filter.search)) {
            return fail(ErrorCode::InvalidArgument,
                        "\"" + filter.search
                            + "\" looks like a case id but is mistyped (its check symbol does not "
                              "match). Check the id.");
        } else {
            conditions.push_back("c.id IN (SELECT case_id FROM cms.find_cases(" + bind(filter.search) + ", 1000))");
        }
    }
    if (!filter.personName.empty()) {
        conditions.push_back("c.id IN (SELECT case_id FROM cms.search_people_by_name(" + bind(filter.personName)
                             + ", 1000))");
    }
    if (!filter.statuses.empty()) {
        auto array = enumArray(filter.statuses, CaseListFilter::knownStatuses(), "status");
        if (!array) {
            return std::unexpected(array.error());
        }
        conditions.push_back("c.status = ANY (" + bind(*array) + "::cms.case_status[])");
    }
    if (!filter.types.empty()) {
        auto array = enumArray(filter.types, CaseListFilter::knownTypes(), "type");
        if (!array) {
            return std::unexpected(array.error());
        }
        conditions.push_back("c.case_type = ANY (" + bind(*array) + "::cms.case_type[])");
    }
    if (filter.assignedToMe) {
        conditions.emplace_back("c.assigned_to = session_user");
    }
    if (filter.myTeam) {
        conditions.emplace_back("c.team_id = (SELECT team_id FROM cms.staff WHERE login_role = session_user)");
    }
    for (const auto& [bound, comparison] : {std::pair{filter.openedFrom, ">="}, std::pair{filter.openedTo, "<="}}) {
        if (bound.empty()) {
            continue;
        }
        if (!isDate(bound)) {
            return fail(ErrorCode::InvalidArgument, "\"" + bound + "\" is not a date (YYYY-MM-DD).");
        }
        conditions.push_back(std::string("c.opened_on ") + comparison + " " + bind(bound) + "::date");
    }
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        query.m_where += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    }
    const auto key = sortKeyOf(filter.sortColumn);
    const char* direction = filter.ascending ? "ASC" : "DESC";
    // An index (key DESC, id) read backwards gives (key ASC, id DESC): the tie-break follows.
    const bool idAscending = key.indexDescending ? !filter.ascending : filter.ascending;
    query.m_orderBy =
        std::string(" ORDER BY ") + key.expression + " " + direction
        + (key.expression == std::string("c.id") ? "" : std::string(", c.id ") + (idAscending ? "ASC" : "DESC"));
    return query;
}

} // namespace cms::core::cases
