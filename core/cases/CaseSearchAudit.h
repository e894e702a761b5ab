#pragma once

#include "core/cases/CaseListFilter.h"

#include <string>

namespace cms::core::cases {

// What the trail keeps of a case-list search (`search.cases`, issue: audit trail): the filters,
// whether a text or a name was searched, how many cases matched, and a case id when the search
// was one. The words of a text search are not kept: a person may type anything there, a name
// too, and the review needs to know that a search happened and how it was narrowed, not what
// was typed. A name search is in `search.person_name` as well, without the name.
class CaseSearchAudit
{
public:
    [[nodiscard]] static std::string detailsJson(const CaseListFilter& filter, long long matches);
};

} // namespace cms::core::cases
