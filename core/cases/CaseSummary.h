#pragma once

#include "core/common/Result.h"

#include <optional>
#include <string>
#include <vector>

namespace cms::core::cases {

// The case's own row as the form edits it. Text values as the server gives them (dates
// YYYY-MM-DD, empty for none).
struct CaseSummary
{
    std::string id;
    std::string title;
    std::string type;
    std::string status = "open";
    std::string openedOn;
    std::string closedOn;
    std::string closureReason;
    std::string assignedTo;
    std::string teamId;
    bool restricted = false;
    bool legalHold = false;
    int version = 0;
    std::string updatedAt;
    std::string updatedBy;

    // The fields a person edits, by name: what a conflict is reported in.
    [[nodiscard]] static const std::vector<std::string>& editableFields();
    [[nodiscard]] std::string field(const std::string& name) const;
    void setField(const std::string& name, const std::string& value);

    // What must hold before saving, the field named: a title, a type, a closure date and reason
    // for a closed case, dates in order. Empty when it may be saved.
    [[nodiscard]] std::optional<std::string> problem() const;
};

} // namespace cms::core::cases
