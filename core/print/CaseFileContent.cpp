#include "core/print/CaseFileContent.h"

#include "core/cases/CaseRowSpec.h"
#include "core/model/CaseId.h"

#include <algorithm>

namespace cms::core::print {

namespace {

using cases::CaseRowSpec;
using Rows = std::vector<std::vector<std::string>>;

std::string words(std::string value)
{
    std::ranges::replace(value, '_', ' ');
    return value;
}

// Each column's share of the width: room for its longest word (a word does not break) and
// otherwise for its average text, capped so that no column starves the others.
std::vector<int> widthsOf(const std::vector<std::string>& labels, const Rows& rows)
{
    const auto longestWord = [](const std::string& text) {
        std::size_t longest = 0;
        std::size_t current = 0;
        for (const char c : text) {
            current = c == ' ' || c == '\n' ? 0 : current + 1;
            longest = std::max(longest, current);
        }
        return longest;
    };
    std::vector<double> weights;
    for (std::size_t column = 0; column < labels.size(); ++column) {
        std::size_t word = longestWord(labels[column]) + 1; // bold
        std::size_t characters = 0;
        for (const auto& row : rows) {
            word = std::max(word, longestWord(row[column]));
            characters += row[column].size();
        }
        const double average = rows.empty() ? 0.0 : static_cast<double>(characters) / static_cast<double>(rows.size());
        weights.push_back(std::clamp(std::max(static_cast<double>(word) + 2.0, average), 6.0, 40.0));
    }
    double total = 0;
    for (const double weight : weights) {
        total += weight;
    }
    std::vector<int> widths;
    for (const double weight : weights) {
        widths.push_back(std::max(1, static_cast<int>(weight * 100.0 / total)));
    }
    return widths;
}

// A block of `kind` saying `text` (after `lead`, in bold).
ContentBlock block(ContentBlock::Kind kind, std::string text = {}, std::string lead = {})
{
    ContentBlock made;
    made.kind = kind;
    made.text = std::move(text);
    made.lead = std::move(lead);
    return made;
}

ContentBlock table(std::vector<std::string> labels, Rows rows)
{
    auto made = block(ContentBlock::Kind::Table);
    made.widths = widthsOf(labels, rows);
    made.labels = std::move(labels);
    made.rows = std::move(rows);
    return made;
}

ContentBlock none(const std::string& what)
{
    return block(ContentBlock::Kind::Missing, "No " + what + " recorded.");
}

ContentBlock summaryOf(const CaseFile& file)
{
    const auto& s = file.summary;
    auto made = block(ContentBlock::Kind::Fields);
    const auto field = [&](const char* label, const std::string& value) {
        made.fields.emplace_back(label, value.empty() ? "—" : value);
    };
    field("Title", s.title);
    field("Type", words(s.type));
    field("Status", words(s.status));
    field("Opened on", s.openedOn);
    field("Closed on", s.closedOn);
    field("Closure reason", s.closureReason);
    field("Assigned to", s.assignedTo);
    field("Restricted", s.restricted ? "yes" : "no");
    field("Legal hold", s.legalHold ? "yes" : "no");
    field("Last changed", s.updatedAt + (s.updatedBy.empty() ? "" : " by " + s.updatedBy));
    return made;
}

ContentBlock firmsOf(const CaseFile& file)
{
    if (file.firms.empty()) {
        return none("firms");
    }
    Rows rows;
    for (const auto& firm : file.firms) {
        rows.push_back({firm.name, words(firm.role), firm.city, firm.country});
    }
    return table({"Firm", "Role", "City", "Country"}, std::move(rows));
}

ContentBlock peopleOf(const CaseFile& file, bool redacted)
{
    if (file.people.empty()) {
        return none("people");
    }
    Rows rows;
    for (const auto& person : file.people) {
        const auto released = file.pii.find(person.id);
        std::vector<std::string> row{words(person.kind), words(person.source)};
        for (std::size_t field = 0; field < cases::kPiiFields.size(); ++field) {
            const bool declined = std::ranges::find(person.declined, cases::kPiiFields[field]) != person.declined.end();
            std::string value =
                !redacted && released != file.pii.end() ? released->second[field] : person.masked[field];
            row.push_back(declined ? "(declined)" : value);
        }
        rows.push_back(std::move(row));
    }
    return table({"Kind", "Source", "Name", "Title", "Email", "Phone", "Address"}, std::move(rows));
}

ContentBlock rowsOf(const CaseFile& file, const std::string& section)
{
    const auto* spec = CaseRowSpec::ofTable(section);
    const auto found = file.rows.find(section);
    if (spec == nullptr || found == file.rows.end() || found->second.empty()) {
        return none(sectionTitle(section) == "Activities and notes" ? "activities or notes" : words(section));
    }
    const auto labels = file.labels.find(section);
    std::vector<std::string> headers;
    for (const auto& column : spec->columns) {
        headers.emplace_back(column.label);
    }
    Rows rows;
    for (const auto& row : found->second) {
        std::vector<std::string> values;
        for (const auto& column : spec->columns) {
            std::string value = row.value(column.name);
            if (labels != file.labels.end()) {
                if (const auto offered = labels->second.find(column.name); offered != labels->second.end()) {
                    for (const auto& choice : offered->second) {
                        if (choice.value == value) {
                            value = choice.label;
                        }
                    }
                }
            }
            values.push_back(std::move(value));
        }
        rows.push_back(std::move(values));
    }
    return table(std::move(headers), std::move(rows));
}

ContentBlock historyOf(const CaseFile& file)
{
    if (file.history.empty()) {
        return none("history");
    }
    Rows rows;
    for (const auto& entry : file.history) {
        rows.push_back({entry.occurredAt,
                        entry.actor,
                        entry.eventType,
                        entry.objectType,
                        // Comma and space: the list wraps between names, not inside them.
                        entry.changedColumns,
                        entry.outcome});
    }
    return table({"When", "Who", "What", "Of", "Fields", "Outcome"}, std::move(rows));
}

} // namespace

std::vector<ContentBlock> CaseFileContent::of(const CaseFile& file,
                                              const HardCopy& copy,
                                              const config::PrintSettings& markings,
                                              const std::string& printedBy)
{
    std::vector<ContentBlock> content;
    // The CUI designation indicator block (32 CFR 2002.20(b)), first page only.
    auto designation = block(ContentBlock::Kind::Designation);
    designation.fields = {{"Controlled by:", markings.controlledBy},
                          {"CUI category:", markings.category},
                          {"Dissemination:", markings.dissemination.empty() ? "—" : markings.dissemination},
                          {"POC:", markings.pointOfContact.empty() ? "—" : markings.pointOfContact}};
    content.push_back(std::move(designation));
    content.push_back(block(ContentBlock::Kind::Title,
                            "Case file " + model::CaseId::displayOf(file.summary.id) + " — " + file.summary.title));
    if (copy.id.empty()) {
        content.push_back(block(
            ContentBlock::Kind::Paragraph, ": not a registered copy; personal information is masked.", "Preview"));
    } else {
        content.push_back(block(ContentBlock::Kind::Paragraph,
                                copy.shownAs() + " (" + (copy.redacted ? "redacted" : "not redacted: holds PII") + ", "
                                    + (copy.leavesOffice ? "leaves the office" : "stays in the office") + "), made "
                                    + copy.madeAt + " UTC for " + printedBy + ". Purpose: " + copy.purpose
                                    + ". Return it or record its destruction in the register of hard copies."));
    }
    for (const auto& section : file.sections) {
        content.push_back(block(ContentBlock::Kind::Heading, sectionTitle(section)));
        if (section == "summary") {
            content.push_back(summaryOf(file));
        } else if (section == "firms") {
            content.push_back(firmsOf(file));
        } else if (section == "people") {
            content.push_back(peopleOf(file, copy.redacted));
        } else if (section == "history") {
            content.push_back(historyOf(file));
        } else {
            content.push_back(rowsOf(file, section));
        }
    }
    return content;
}

} // namespace cms::core::print
