#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cms::tests {

// One row of the audit event catalogue (docs/audit-events.md): its event types (the first
// column's backticked names) and the files that record them (the last column; "sql/server/0003,
// 0004" names migrations by number).
struct CatalogueRow
{
    std::vector<std::string> types;
    std::vector<std::filesystem::path> recordedBy;
};

[[nodiscard]] std::vector<CatalogueRow> auditCatalogue();
[[nodiscard]] std::string contentsOf(const std::filesystem::path& file);

} // namespace cms::tests
