#include "core/print/CaseFile.h"

#include "core/cases/CaseRowSpec.h"
#include "core/cases/CaseStore.h"

#include <algorithm>

namespace cms::core::print {

const std::vector<std::string>& caseFileSections()
{
    static const std::vector<std::string> sections{"summary",
                                                   "firms",
                                                   "products",
                                                   "people",
                                                   "samples",
                                                   "activities",
                                                   "determinations",
                                                   "corrective_actions",
                                                   "correspondence",
                                                   "history"};
    return sections;
}

std::string sectionTitle(const std::string& section)
{
    if (section == "activities") {
        return "Activities and notes";
    }
    std::string title = section;
    std::ranges::replace(title, '_', ' ');
    if (!title.empty()) {
        title[0] = static_cast<char>(title[0] - 'a' + 'A');
    }
    return title;
}

Result<CaseFile> CaseFile::load(const remote::PgConnection& connection,
                                const std::string& caseId,
                                const std::vector<std::string>& sections)
{
    CaseFile file;
    for (const auto& section : caseFileSections()) {
        if (std::ranges::find(sections, section) != sections.end()) {
            file.sections.push_back(section); // in the file's order, whatever the order asked
        }
    }
    for (const auto& section : sections) {
        if (std::ranges::find(caseFileSections(), section) == caseFileSections().end()) {
            return fail(ErrorCode::InvalidArgument, "A case file has no section \"" + section + "\".");
        }
    }
    auto summary = cases::CaseStore(connection).load(caseId);
    if (!summary) {
        return std::unexpected(summary.error());
    }
    file.summary = std::move(*summary);
    for (const auto& section : file.sections) {
        if (section == "firms") {
            auto firms = cases::CaseFirms(connection).load(caseId);
            if (!firms) {
                return std::unexpected(firms.error());
            }
            file.firms = std::move(*firms);
        } else if (section == "people") {
            auto people = cases::CasePeople(connection).load(caseId);
            if (!people) {
                return std::unexpected(people.error());
            }
            file.people = std::move(*people);
        } else if (section == "history") {
            auto history = cases::CaseHistory::load(connection, caseId);
            if (!history) {
                return std::unexpected(history.error());
            }
            file.history = std::move(*history);
        } else if (const auto* spec = cases::CaseRowSpec::ofTable(section)) {
            const cases::CaseRows rows(connection, *spec);
            auto loaded = rows.load(caseId);
            if (!loaded) {
                return std::unexpected(loaded.error());
            }
            file.rows[section] = std::move(*loaded);
            for (const auto& column : spec->columns) {
                auto offered = rows.choices(column, caseId);
                if (!offered) {
                    return std::unexpected(offered.error());
                }
                if (!offered->empty()) {
                    file.labels[section][column.name] = std::move(*offered);
                }
            }
        }
    }
    return file;
}

} // namespace cms::core::print
