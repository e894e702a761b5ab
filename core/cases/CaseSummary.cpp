#include "core/cases/CaseSummary.h"

#include "core/model/CaseVocabulary.h"

#include <algorithm>
#include <regex>

namespace cms::core::cases {

namespace {

bool isDate(const std::string& text)
{
    static const std::regex shape(R"(^\d{4}-\d{2}-\d{2}$)");
    return std::regex_match(text, shape);
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

} // namespace

const std::vector<std::string>& CaseSummary::editableFields()
{
    static const std::vector<std::string> fields{"title",
                                                 "case_type",
                                                 "status",
                                                 "opened_on",
                                                 "closed_on",
                                                 "closure_reason",
                                                 "assigned_to",
                                                 "team_id",
                                                 "restricted",
                                                 "legal_hold"};
    return fields;
}

std::string CaseSummary::field(const std::string& name) const
{
    if (name == "title") {
        return title;
    }
    if (name == "case_type") {
        return type;
    }
    if (name == "status") {
        return status;
    }
    if (name == "opened_on") {
        return openedOn;
    }
    if (name == "closed_on") {
        return closedOn;
    }
    if (name == "closure_reason") {
        return closureReason;
    }
    if (name == "assigned_to") {
        return assignedTo;
    }
    if (name == "team_id") {
        return teamId;
    }
    if (name == "restricted") {
        return restricted ? "true" : "false";
    }
    if (name == "legal_hold") {
        return legalHold ? "true" : "false";
    }
    return {};
}

void CaseSummary::setField(const std::string& name, const std::string& value)
{
    if (name == "title") {
        title = value;
    } else if (name == "case_type") {
        type = value;
    } else if (name == "status") {
        status = value;
    } else if (name == "opened_on") {
        openedOn = value;
    } else if (name == "closed_on") {
        closedOn = value;
    } else if (name == "closure_reason") {
        closureReason = value;
    } else if (name == "assigned_to") {
        assignedTo = value;
    } else if (name == "team_id") {
        teamId = value;
    } else if (name == "restricted") {
        restricted = value == "true";
    } else if (name == "legal_hold") {
        legalHold = value == "true";
    }
}

std::optional<std::string> CaseSummary::problem() const
{
    if (blank(title)) {
        return "Title: give the case a title.";
    }
    const auto& types = model::CaseVocabulary::types();
    if (std::ranges::find(types, type) == types.end()) {
        return "Type: choose the case's type.";
    }
    if (!openedOn.empty() && !isDate(openedOn)) {
        return "Opened: \"" + openedOn + "\" is not a date (YYYY-MM-DD).";
    }
    if (status == "closed") {
        if (closedOn.empty() || !isDate(closedOn)) {
            return "Closed on: a closed case needs its closing date.";
        }
        if (blank(closureReason)) {
            return "Closure reason: say why the case is closed.";
        }
        if (!openedOn.empty() && closedOn < openedOn) {
            return "Closed on: the case cannot close (" + closedOn + ") before it opened (" + openedOn + ").";
        }
    } else if (!closedOn.empty()) {
        return "Closed on: only a closed case has a closing date.";
    }
    if (restricted && teamId.empty()) {
        return "Team: a restricted case belongs to a team (only its team and managers see it).";
    }
    return std::nullopt;
}

} // namespace cms::core::cases
