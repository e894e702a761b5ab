#include "core/cases/CaseList.h"

#include "core/cases/CaseListQuery.h"
#include "core/cases/CaseSearchAudit.h"

namespace cms::core::cases {

CaseList::CaseList(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<std::vector<CaseListRow>> CaseList::page(const CaseListFilter& filter, long long offset, int limit) const
{
    auto query = CaseListQuery::build(filter);
    if (!query) {
        return std::unexpected(query.error());
    }
    // The page's ids first (an index-only scan in the list's indexes), then their rows. The firm
    // shown is the case's lead firm (kept by the server: migration 0015).
    const std::string sql = "WITH page AS MATERIALIZED (SELECT c.id FROM cms.cases c" + query->where()
                            + query->orderBy() + " OFFSET " + query->nextPlaceholder() + " LIMIT "
                            + query->nextPlaceholder(1)
                            + ") SELECT c.id, c.title, c.case_type, c.status, coalesce(c.lead_firm, ''), "
                              "coalesce(c.assigned_to::text, ''), "
                              "c.opened_on::text, to_char(c.updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF') "
                              "FROM page JOIN cms.cases c ON c.id = page.id"
                            + query->orderBy();
    auto params = query->params();
    params.emplace_back(std::to_string(offset));
    params.emplace_back(std::to_string(limit));
    auto result = m_connection.exec(sql, params);
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<CaseListRow> rows;
    rows.reserve(static_cast<std::size_t>(result->rows()));
    for (int row = 0; row < result->rows(); ++row) {
        rows.push_back({result->text(row, 0),
                        result->text(row, 1),
                        result->text(row, 2),
                        result->text(row, 3),
                        result->text(row, 4),
                        result->text(row, 5),
                        result->text(row, 6),
                        result->text(row, 7)});
    }
    return rows;
}

Result<long long> CaseList::count(const CaseListFilter& filter) const
{
    auto query = CaseListQuery::build(filter);
    if (!query) {
        return std::unexpected(query.error());
    }
    auto value = m_connection.queryValue("SELECT count(*) FROM cms.cases c" + query->where(), query->params());
    if (!value) {
        return std::unexpected(value.error());
    }
    const auto matches = std::stoll(value->value_or("0"));
    // The list counts once per search (its pages come and go as the person scrolls): the search
    // is recorded here, and no count is given unrecorded.
    auto recorded = m_connection.exec("SELECT cms_audit.record_event('search.cases', 'cms.cases', NULL, 'success', $1)",
                                      {CaseSearchAudit::detailsJson(filter, matches)});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return matches;
}

} // namespace cms::core::cases
