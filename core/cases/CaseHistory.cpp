#include "core/cases/CaseHistory.h"

namespace cms::core::cases {

Result<std::vector<HistoryEntry>> CaseHistory::load(const remote::PgConnection& connection, const std::string& caseId)
{
    auto result = connection.exec("SELECT to_char(occurred_at, 'YYYY-MM-DD HH24:MI:SS'), actor, event_type, "
                                  "coalesce(object_type, ''), coalesce(array_to_string(changed_columns, ', '), ''), "
                                  "outcome FROM cms.case_history($1)",
                                  {caseId});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<HistoryEntry> entries;
    for (int r = 0; r < result->rows(); ++r) {
        entries.push_back({result->text(r, 0),
                           result->text(r, 1),
                           result->text(r, 2),
                           result->text(r, 3),
                           result->text(r, 4),
                           result->text(r, 5)});
    }
    return entries;
}

} // namespace cms::core::cases
