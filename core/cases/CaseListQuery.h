#pragma once

#include "core/cases/CaseListFilter.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>

namespace cms::core::cases {

// The WHERE and ORDER BY of the case list for a filter, with its bound parameters. A search that
// has a case id's full shape (XXXXX-XXXXX-C) but a wrong check symbol is refused as mistyped, not
// searched for.
class CaseListQuery
{
public:
    [[nodiscard]] static Result<CaseListQuery> build(const CaseListFilter& filter);

    // " WHERE ..." (or empty) over the cases aliased c.
    [[nodiscard]] const std::string& where() const
    {
        return m_where;
    }
    // " ORDER BY ..." over c, ending with the id so that pages never overlap.
    [[nodiscard]] const std::string& orderBy() const
    {
        return m_orderBy;
    }
    [[nodiscard]] const remote::PgParams& params() const
    {
        return m_params;
    }
    // The placeholder for one more parameter ("$n") after those of the filter.
    [[nodiscard]] std::string nextPlaceholder(int after = 0) const;

private:
    std::string m_where;
    std::string m_orderBy;
    remote::PgParams m_params;
};

} // namespace cms::core::cases
