#pragma once

#include "core/cases/CaseListFilter.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>
#include <vector>

namespace cms::core::cases {

struct CaseListRow
{
    std::string id; // compact form
    std::string title;
    std::string type;
    std::string status;
    std::string firm; // the case's first firm by role (manufacturer first), empty if none
    std::string assignedTo;
    std::string openedOn;    // YYYY-MM-DD
    std::string lastChanged; // ISO 8601, the server's time zone
};

// The case list, as the server's policies let the signed-in person see it: a page of rows in the
// filter's sort, and how many rows there are. Every value is a bound parameter; the SQL text is
// assembled only from fixed pieces chosen by the filter.
class CaseList
{
public:
    explicit CaseList(const remote::PgConnection& connection);

    [[nodiscard]] Result<std::vector<CaseListRow>>
    page(const CaseListFilter& filter, long long offset, int limit) const;
    // How many cases match; asked once per search, and recorded as `search.cases`.
    [[nodiscard]] Result<long long> count(const CaseListFilter& filter) const;

private:
    const remote::PgConnection& m_connection;
};

} // namespace cms::core::cases
