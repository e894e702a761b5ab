#include "core/cases/CaseListFilter.h"

#include "core/model/CaseVocabulary.h"

#include <algorithm>
#include <boost/json.hpp>

namespace cms::core::cases {

namespace json = boost::json;

namespace {

json::array toArray(const std::vector<std::string>& values)
{
    json::array array;
    for (const auto& value : values) {
        array.emplace_back(value);
    }
    return array;
}

// The strings of `key`, each one of `known`; anything else is an error that names it.
Result<std::vector<std::string>>
knownStrings(const json::object& object, const char* key, const std::vector<std::string>& known)
{
    std::vector<std::string> values;
    const auto* found = object.if_contains(key);
    if (found == nullptr) {
        return values;
    }
    if (!found->is_array()) {
        return fail(ErrorCode::InvalidArgument, std::string("The saved search's \"") + key + "\" is not a list.");
    }
    for (const auto& item : found->as_array()) {
        if (!item.is_string() || std::ranges::find(known, std::string(item.as_string())) == known.end()) {
            return fail(ErrorCode::InvalidArgument,
                        std::string("The saved search's \"") + key + "\" holds an unknown value.");
        }
        values.emplace_back(item.as_string());
    }
    return values;
}

std::string text(const json::object& object, const char* key)
{
    const auto* found = object.if_contains(key);
    return found != nullptr && found->is_string() ? std::string(found->as_string()) : std::string();
}

bool flag(const json::object& object, const char* key)
{
    const auto* found = object.if_contains(key);
    return found != nullptr && found->is_bool() && found->as_bool();
}

} // namespace

const std::vector<std::string>& CaseListFilter::knownStatuses()
{
    return model::CaseVocabulary::statuses();
}

const std::vector<std::string>& CaseListFilter::knownTypes()
{
    return model::CaseVocabulary::types();
}

std::string CaseListFilter::toJson() const
{
    const json::object object{
        {"search", search},
        {"person_name", personName},
        {"statuses", toArray(statuses)},
        {"types", toArray(types)},
        {"assigned_to_me", assignedToMe},
        {"my_team", myTeam},
        {"opened_from", openedFrom},
        {"opened_to", openedTo},
        {"sort_column", static_cast<int>(sortColumn)},
        {"ascending", ascending},
    };
    return json::serialize(object);
}

Result<CaseListFilter> CaseListFilter::fromJson(std::string_view text)
{
    boost::system::error_code error;
    const auto value = json::parse(text, error);
    if (error || !value.is_object()) {
        return fail(ErrorCode::InvalidArgument, "The saved search cannot be read.");
    }
    const auto& object = value.as_object();
    CaseListFilter filter;
    filter.search = cases::text(object, "search");
    filter.personName = cases::text(object, "person_name");
    auto statuses = knownStrings(object, "statuses", knownStatuses());
    if (!statuses) {
        return std::unexpected(statuses.error());
    }
    filter.statuses = std::move(*statuses);
    auto types = knownStrings(object, "types", knownTypes());
    if (!types) {
        return std::unexpected(types.error());
    }
    filter.types = std::move(*types);
    filter.assignedToMe = flag(object, "assigned_to_me");
    filter.myTeam = flag(object, "my_team");
    filter.openedFrom = cases::text(object, "opened_from");
    filter.openedTo = cases::text(object, "opened_to");
    if (const auto* sort = object.if_contains("sort_column"); sort != nullptr && sort->is_int64()) {
        const auto column = sort->as_int64();
        if (column < 0 || column > static_cast<int>(CaseListColumn::LastChanged)) {
            return fail(ErrorCode::InvalidArgument, "The saved search's sort column is unknown.");
        }
        filter.sortColumn = static_cast<CaseListColumn>(column);
    }
    filter.ascending = flag(object, "ascending");
    return filter;
}

} // namespace cms::core::cases
