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

std::string headerRow(const std::vector<std::string>& labels)
{
    std::string row = "<thead><tr>";
    for (const auto& label : labels) {
        row += "<th>" + CaseFileHtml::escaped(label) + "</th>";
    }
    return row + "</tr></thead>";
}

std::string table(const std::vector<std::string>& labels, const std::string& body)
{
    return "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" class=\"rows\">" + headerRow(labels)
           + "<tbody>" + body + "</tbody></table>";
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
    std::string body;
    for (const auto& firm : file.firms) {
        body += "<tr>" + cell(firm.name) + cell(words(firm.role)) + cell(firm.city) + cell(firm.country) + "</tr>";
    }
    return table({"Firm", "Role", "City", "Country"}, body);
}

std::string peopleOf(const CaseFile& file, bool redacted)
{
    if (file.people.empty()) {
        return none("people");
    }
    std::string body;
    for (const auto& person : file.people) {
        const auto released = file.pii.find(person.id);
        std::string row = "<tr>" + cell(words(person.kind)) + cell(words(person.source));
        for (std::size_t field = 0; field < cases::kPiiFields.size(); ++field) {
            const bool declined = std::ranges::find(person.declined, cases::kPiiFields[field]) != person.declined.end();
            std::string value =
                !redacted && released != file.pii.end() ? released->second[field] : person.masked[field];
            row += cell(declined ? "(declined)" : value);
        }
        body += row + "</tr>";
    }
    return table({"Kind", "Source", "Name", "Title", "Email", "Phone", "Address"}, body);
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
    std::string body;
    for (const auto& row : found->second) {
        body += "<tr>";
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
            body += cell(value);
        }
        body += "</tr>";
    }
    return table(headers, body);
}

std::string historyOf(const CaseFile& file)
{
    if (file.history.empty()) {
        return none("history");
    }
    std::string body;
    for (const auto& entry : file.history) {
        body += "<tr>" + cell(entry.occurredAt) + cell(entry.actor) + cell(entry.eventType) + cell(entry.objectType)
                + cell(entry.changedColumns) + cell(entry.outcome) + "</tr>";
    }
    return table({"When", "Who", "What", "Of", "Fields", "Outcome"}, body);
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
    const auto id = model::CaseId::parse(file.summary.id);
    const std::string shownId = id ? id->display() : file.summary.id;
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
        html += "<p>Copy " + std::to_string(copy.copyNumber) + " ("
                + (copy.redacted ? "redacted" : "not redacted: holds PII") + ", "
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
