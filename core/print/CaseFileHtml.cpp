#include "core/print/CaseFileHtml.h"

#include "core/cases/CaseRowSpec.h"
#include "core/model/CaseId.h"

#include <algorithm>

namespace cms::core::print {

namespace {

using cases::CaseRowSpec;

std::string words(std::string value)
{
    std::ranges::replace(value, '_', ' ');
    return value;
}

std::string cell(const std::string& text)
{
    return "<td>" + CaseFileHtml::escaped(text) + "</td>";
}

using Rows = std::vector<std::vector<std::string>>;

// Rows per table: a long section is a run of tables of this many rows with the same column
// widths, which reads as one table. Qt's rich-text layout and painting slow down with the size
// of one table (every page walks all of its rows); pieces keep a 200-page file fast.
constexpr std::size_t kRowsPerTable = 40;

// Each column's share of the width: room for its longest word (a word does not break) and
// otherwise for its average text, capped so that no column starves the others.
std::vector<int> widthsOf(const std::vector<std::string>& labels, const Rows& rows)
{
    const auto longestWord = [](const std::string& text) {
        std::size_t longest = 0;
        std::size_t current = 0;
        for (const char c : text) {
            current = c == ' ' ? 0 : current + 1;
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

std::string table(const std::vector<std::string>& labels, const Rows& rows)
{
    const auto widths = widthsOf(labels, rows);
    std::string head = "<thead><tr>";
    for (std::size_t column = 0; column < labels.size(); ++column) {
        head +=
            "<th width=\"" + std::to_string(widths[column]) + "%\">" + CaseFileHtml::escaped(labels[column]) + "</th>";
    }
    head += "</tr></thead>";
    std::string html;
    for (std::size_t first = 0; first < rows.size(); first += kRowsPerTable) {
        html +=
            "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" class=\"rows\">" + head + "<tbody>";
        for (std::size_t row = first; row < std::min(rows.size(), first + kRowsPerTable); ++row) {
            html += "<tr>";
            for (const auto& value : rows[row]) {
                html += cell(value);
            }
            html += "</tr>";
        }
        html += "</tbody></table>";
    }
    return html;
}

std::string none(const std::string& what)
{
    return "<p class=\"none\">No " + CaseFileHtml::escaped(what) + " recorded.</p>";
}

std::string summaryOf(const CaseFile& file)
{
    const auto& s = file.summary;
    std::string html = "<table cellspacing=\"0\" cellpadding=\"2\" class=\"summary\">";
    const auto row = [&](const char* label, const std::string& value) {
        html += "<tr><th align=\"left\">" + std::string(label) + "</th>" + cell(value.empty() ? "—" : value) + "</tr>";
    };
    row("Title", s.title);
    row("Type", words(s.type));
    row("Status", words(s.status));
    row("Opened on", s.openedOn);
    row("Closed on", s.closedOn);
    row("Closure reason", s.closureReason);
    row("Assigned to", s.assignedTo);
    row("Restricted", s.restricted ? "yes" : "no");
    row("Legal hold", s.legalHold ? "yes" : "no");
    row("Last changed", s.updatedAt + (s.updatedBy.empty() ? "" : " by " + s.updatedBy));
    return html + "</table>";
}

std::string firmsOf(const CaseFile& file)
{
    if (file.firms.empty()) {
        return none("firms");
    }
    Rows rows;
    for (const auto& firm : file.firms) {
        rows.push_back({firm.name, words(firm.role), firm.city, firm.country});
    }
    return table({"Firm", "Role", "City", "Country"}, rows);
}

std::string peopleOf(const CaseFile& file, bool redacted)
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
    return table({"Kind", "Source", "Name", "Title", "Email", "Phone", "Address"}, rows);
}

std::string rowsOf(const CaseFile& file, const std::string& section)
{
    const auto* spec = cases::CaseRowSpec::ofTable(section);
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
    return table(headers, rows);
}

std::string historyOf(const CaseFile& file)
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
    return table({"When", "Who", "What", "Of", "Fields", "Outcome"}, rows);
}

} // namespace

std::string CaseFileHtml::escaped(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string CaseFileHtml::render(const CaseFile& file,
                                 const HardCopy& copy,
                                 const config::PrintSettings& markings,
                                 const std::string& printedBy)
{
    const std::string shownId = model::CaseId::displayOf(file.summary.id);
    std::string html = "<html><head><style>"
                       "body { color: #000; } h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14px; } "
                       "th { background-color: #d9d9d9; font-weight: bold; text-align: left; } "
                       "table.rows { border-color: #808080; } table.designation { border-color: #000; } "
                       "p.none { font-style: italic; }"
                       "</style></head><body>";
    // The CUI designation indicator block (32 CFR 2002.20(b)), first page only.
    html += "<table class=\"designation\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><td>"
            "<b>Controlled by:</b> "
            + escaped(markings.controlledBy) + "<br><b>CUI category:</b> " + escaped(markings.category)
            + "<br><b>Dissemination:</b> " + escaped(markings.dissemination.empty() ? "—" : markings.dissemination)
            + "<br><b>POC:</b> " + escaped(markings.pointOfContact.empty() ? "—" : markings.pointOfContact)
            + "</td></tr></table>";
    html += "<h1>Case file " + escaped(shownId) + " — " + escaped(file.summary.title) + "</h1>";
    if (copy.id.empty()) {
        html += "<p><b>Preview</b>: not a registered copy; personal information is masked.</p>";
    } else {
        html += "<p>" + escaped(copy.shownAs()) + " (" + (copy.redacted ? "redacted" : "not redacted: holds PII") + ", "
                + (copy.leavesOffice ? "leaves the office" : "stays in the office") + "), made " + escaped(copy.madeAt)
                + " UTC for " + escaped(printedBy) + ". Purpose: " + escaped(copy.purpose)
                + ". Return it or record its destruction in the register of hard copies.</p>";
    }
    for (const auto& section : file.sections) {
        html += "<h2>" + escaped(sectionTitle(section)) + "</h2>";
        if (section == "summary") {
            html += summaryOf(file);
        } else if (section == "firms") {
            html += firmsOf(file);
        } else if (section == "people") {
            html += peopleOf(file, copy.redacted);
        } else if (section == "history") {
            html += historyOf(file);
        } else {
            html += rowsOf(file, section);
        }
    }
    return html + "</body></html>";
}

} // namespace cms::core::print
