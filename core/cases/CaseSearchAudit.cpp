#include "core/cases/CaseSearchAudit.h"

#include "core/model/CaseId.h"

#include <boost/json.hpp>

namespace cms::core::cases {

namespace {

boost::json::array toArray(const std::vector<std::string>& values)
{
    boost::json::array array;
    for (const auto& value : values) {
        array.emplace_back(value);
    }
    return array;
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t") == std::string::npos;
}

} // namespace

std::string CaseSearchAudit::detailsJson(const CaseListFilter& filter, long long matches)
{
    boost::json::object details{{"matches", matches}};
    if (auto id = model::CaseId::parse(filter.search); id) {
        details["case_id"] = id->compact();
    } else if (!blank(filter.search)) {
        details["text"] = true;
    }
    if (!blank(filter.personName)) {
        details["person_name"] = true;
    }
    if (!filter.statuses.empty()) {
        details["statuses"] = toArray(filter.statuses);
    }
    if (!filter.types.empty()) {
        details["types"] = toArray(filter.types);
    }
    if (filter.assignedToMe) {
        details["assigned_to_me"] = true;
    }
    if (filter.myTeam) {
        details["my_team"] = true;
    }
    if (!filter.openedFrom.empty()) {
        details["opened_from"] = filter.openedFrom;
    }
    if (!filter.openedTo.empty()) {
        details["opened_to"] = filter.openedTo;
    }
    return boost::json::serialize(details);
}

} // namespace cms::core::cases
