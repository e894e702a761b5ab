#pragma once

#include "core/cases/CaseListFilter.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>
#include <vector>

namespace cms::core::cases {

struct SavedSearch
{
    std::string name;
    CaseListFilter filter;
};

// The signed-in person's saved searches (cms.saved_searches: each person sees only their own).
class SavedSearches
{
public:
    explicit SavedSearches(const remote::PgConnection& connection);

    [[nodiscard]] Result<std::vector<SavedSearch>> list() const;
    // Saves under `name`, replacing a search of that name. A person-name search term is PII and
    // is not saved; the rest of the filter is.
    [[nodiscard]] Result<void> save(const std::string& name, const CaseListFilter& filter) const;
    [[nodiscard]] Result<void> remove(const std::string& name) const;

private:
    const remote::PgConnection& m_connection;
};

} // namespace cms::core::cases
