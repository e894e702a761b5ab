#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cms::core::sync {

// A field changed here and, differently, at the server since the edit's base: the person chooses
// (issue: offline field work, the three-way view). Values as text; nothing for NULL.
struct ConflictingField
{
    std::string field;
    std::optional<std::string> base;
    std::optional<std::string> mine;
    std::optional<std::string> theirs;
};

// Whether an edit made on an older version still applies to the row as the server has it now:
// the fields this edit changed, compared with what the server holds. A field the server left as
// it was (or already holds this edit's value) merges; any other is a conflict. Fields changed
// only at the server are theirs and stay. Inputs are JSON objects: the edit's new values, the
// same fields' values before the edit, and the server's current row.
class FieldMerge
{
public:
    [[nodiscard]] static std::vector<ConflictingField>
    conflicts(const std::string& changedJson, const std::string& baseJson, const std::string& currentRowJson);
};

} // namespace cms::core::sync
