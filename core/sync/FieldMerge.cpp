#include "core/sync/FieldMerge.h"

#include <boost/json.hpp>

namespace cms::core::sync {

namespace json = boost::json;

namespace {

// A JSON value as the text the server would give for it; nothing for null or a missing field.
std::optional<std::string> textOf(const json::object& object, const std::string& field)
{
    const auto* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (value->is_string()) {
        return std::string(value->as_string());
    }
    return json::serialize(*value);
}

json::object objectOf(const std::string& text)
{
    json::error_code failed;
    auto value = json::parse(text, failed);
    return !failed && value.is_object() ? value.as_object() : json::object();
}

} // namespace

std::vector<ConflictingField>
FieldMerge::conflicts(const std::string& changedJson, const std::string& baseJson, const std::string& currentRowJson)
{
    const auto changed = objectOf(changedJson);
    const auto base = objectOf(baseJson);
    const auto current = objectOf(currentRowJson);
    std::vector<ConflictingField> conflicting;
    for (const auto& entry : changed) {
        const std::string field(entry.key());
        const auto mine = textOf(changed, field);
        const auto before = textOf(base, field);
        const auto theirs = textOf(current, field);
        if (theirs != before && theirs != mine) {
            conflicting.push_back({field, before, mine, theirs});
        }
    }
    return conflicting;
}

} // namespace cms::core::sync
