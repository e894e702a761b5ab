#include "core/sync/FieldMerge.h"

#include "core/sync/JsonFields.h"

namespace cms::core::sync {

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
        const auto before = JsonFields::textOf(base, field);
        const auto theirs = JsonFields::textOf(current, field);
        if (theirs != before && theirs != mine) {
            conflicting.push_back({field, before, mine, theirs});
        }
    }
    return conflicting;
}

} // namespace cms::core::sync
