#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>
#include <vector>

namespace cms::core::cases {

struct HistoryEntry
{
    std::string occurredAt;
    std::string actor;
    std::string eventType;
    std::string objectType;
    std::string changedColumns; // comma-separated names, never values
    std::string outcome;
};

// The case's audit events as the person's role may see them (cms.case_history).
class CaseHistory
{
public:
    [[nodiscard]] static Result<std::vector<HistoryEntry>> load(const remote::PgConnection& connection,
                                                                const std::string& caseId);
};

} // namespace cms::core::cases
