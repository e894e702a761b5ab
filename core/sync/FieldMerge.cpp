#include "core/sync/FieldMerge.h"

#include "core/remote/PgArray.h"
#include "core/sync/JsonFields.h"

#include <vector>

namespace cms::core::sync {

namespace {

// A field's value as an edit queues it: an array (a person's declined fields, as the server and
// the pull give it) in PostgreSQL's array form, as the outbox holds it (CachedCaseStore), so that
// the same value on both sides is the same text.
std::optional<std::string> valueOf(const boost::json::object& row, const std::string& field)
{
    const auto* value = row.if_contains(field);
    if (value != nullptr && value->is_array()) {
        std::vector<std::string> items;
        for (const auto& item : value->as_array()) {
            if (!item.is_string()) {
                return JsonFields::textOf(row, field);
            }
            items.emplace_back(item.as_string());
        }
        return remote::pgTextArray(items);
    }
    return JsonFields::textOf(row, field);
}

} // namespace

std::vector<ConflictingField>
FieldMerge::conflicts(const std::string& changedJson, const std::string& baseJson, const std::string& currentRowJson)
{
    const auto changed = JsonFields::objectOf(changedJson);
    const auto base = JsonFields::objectOf(baseJson);
    const auto current = JsonFields::objectOf(currentRowJson);
    std::vector<ConflictingField> conflicting;
    for (const auto& entry : changed) {
        const std::string field(entry.key());
        const auto mine = JsonFields::textOf(changed, field);
        const auto before = valueOf(base, field);
        const auto theirs = valueOf(current, field);
        if (theirs != before && theirs != mine) {
            conflicting.push_back({field, before, mine, theirs});
        }
    }
    return conflicting;
}

} // namespace cms::core::sync
