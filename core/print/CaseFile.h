#pragma once

#include "core/cases/CaseFirms.h"
#include "core/cases/CaseHistory.h"
#include "core/cases/CasePeople.h"
#include "core/cases/CaseRows.h"
#include "core/cases/CaseSummary.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace cms::core::print {

// The sections a case file may hold, in the order they print.
[[nodiscard]] const std::vector<std::string>& caseFileSections();
// "corrective_actions" -> "Corrective actions".
[[nodiscard]] std::string sectionTitle(const std::string& section);

// What a case file prints, as the server lets the person read it: the masked people always, and
// for an unredacted copy the PII the server released for that registered copy
// (HardCopyRegister::piiFor), by person id.
struct CaseFile
{
    std::vector<std::string> sections;
    cases::CaseSummary summary;
    std::vector<cases::CaseFirm> firms;
    std::vector<cases::CasePerson> people;
    std::map<std::string, std::array<std::string, 5>> pii;
    std::map<std::string, std::vector<cases::CaseRow>> rows;                         // by table: products, samples, ...
    std::map<std::string, std::map<std::string, std::vector<cases::Choice>>> labels; // table -> column -> labels
    std::vector<cases::HistoryEntry> history;

    // Reads the sections chosen (unknown ones are refused by name).
    [[nodiscard]] static Result<CaseFile>
    load(const remote::PgConnection& connection, const std::string& caseId, const std::vector<std::string>& sections);
};

} // namespace cms::core::print
