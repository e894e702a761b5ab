#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <map>
#include <string>

namespace cms::core::print {

// What a notification letter is filled from (issue: hard copies): the case, the firm it goes to
// (the one chosen, else the case's manufacturer, else its first firm), the case's first product,
// its latest sample, determination, inspection and corrective action (for that firm), the person
// issuing it and today's date, read as the server lets the person see them. A value the case does
// not hold is absent, so the letter names it as missing. Values by merge field ("firm.name").
struct LetterFacts
{
    std::map<std::string, std::string> values;
    std::string firmId;
    std::string determinationId;
    std::string correctiveActionId;

    [[nodiscard]] static Result<LetterFacts> load(const remote::PgConnection& connection,
                                                  const std::string& caseId,
                                                  const std::string& firmId,
                                                  const std::string& officeName);
    // Issues the letter: kept in the case's correspondence as issued (its text cannot change
    // afterwards: migration 0025) and recorded (`letter.issued`); the correspondence row's id.
    [[nodiscard]] Result<std::string> issue(const remote::PgConnection& connection,
                                            const std::string& caseId,
                                            const std::string& letterKind,
                                            const std::string& subject,
                                            const std::string& html) const;
};

} // namespace cms::core::print
