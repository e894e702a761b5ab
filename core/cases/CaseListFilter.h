#pragma once

#include "core/common/Result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cms::core::cases {

// The columns of the case list, in display order.
enum class CaseListColumn
{
    Id,
    Title,
    Type,
    Status,
    Firm,
    AssignedTo,
    Opened,
    LastChanged,
};

// What the case list shows: a search, filters and a sort, all applied by the server. Saved
// searches store it as JSON.
struct CaseListFilter
{
    // A case id (exact, its check symbol verified), or a firm, product, model, sample number or
    // IFS reference (cms.find_cases).
    std::string search;
    // A person's name: PII-holders only, and always recorded by the server.
    std::string personName;
    std::vector<std::string> statuses; // empty: any (values of cms.case_status)
    std::vector<std::string> types;    // empty: any (values of cms.case_type)
    bool assignedToMe = false;
    bool myTeam = false;
    std::string openedFrom; // YYYY-MM-DD, empty: no bound
    std::string openedTo;
    CaseListColumn sortColumn = CaseListColumn::Opened;
    bool ascending = false;

    [[nodiscard]] std::string toJson() const;
    [[nodiscard]] static Result<CaseListFilter> fromJson(std::string_view json);

    [[nodiscard]] static const std::vector<std::string>& knownStatuses();
    [[nodiscard]] static const std::vector<std::string>& knownTypes();

    friend bool operator==(const CaseListFilter&, const CaseListFilter&) = default;
};

} // namespace cms::core::cases
