#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/cases/CaseList.h"
#include "core/cases/CaseListFilter.h"
#include "core/common/Result.h"

#include <vector>

namespace cms::core::sync {

// The case list offline (issue: offline field work): the checked-out cases as the cache holds
// them (with the edits made here), searched, filtered and sorted as the server does it online.
// The search matches a case id, the title, a firm, a product (name, brand, model, UPC), a sample
// number or an IFS reference. A person-name search works for a PII-holder over the names their
// cache holds (PiiCheckout), each word contained in the name as the server's first pass does it;
// without the grant it is refused. A mistyped case id is named as such, as online. The count,
// asked once per search, records it in the laptop's chain: `search.cases`, and
// `search.person_name` for a name search (refused too), as the server does online.
class CachedCaseList
{
public:
    explicit CachedCaseList(const cache::CacheDatabase& cache);

    [[nodiscard]] Result<std::vector<cases::CaseListRow>>
    page(const cases::CaseListFilter& filter, long long offset, int limit) const;
    [[nodiscard]] Result<long long> count(const cases::CaseListFilter& filter) const; // recorded

private:
    [[nodiscard]] Result<std::vector<cases::CaseListRow>> matching(const cases::CaseListFilter& filter) const;

    const cache::CacheDatabase& m_cache;
};

} // namespace cms::core::sync
