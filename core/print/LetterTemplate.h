#pragma once

#include "core/common/Result.h"

#include <map>
#include <string>
#include <vector>

namespace cms::core::print {

// The notification letters (issue: hard copies; PIA Q8): their templates are HTML in
// resources/letters/ with merge fields `{{firm.name}}`, filled from the case (LetterFacts).
struct LetterKind
{
    const char* name;           // the template's file name, without .html
    const char* title;          // "Notice of inspection outcome"
    const char* correspondence; // the kind it is recorded as in the case's correspondence
};

class LetterTemplate
{
public:
    [[nodiscard]] static const std::vector<LetterKind>& kinds();
    [[nodiscard]] static const LetterKind* kind(const std::string& name);
    // The merge fields the template uses, in order of first use (comments are not read).
    [[nodiscard]] static std::vector<std::string> fieldsOf(const std::string& templateHtml);
    // The letter: every field replaced by its value (HTML-escaped). A field without a value is
    // never printed as a blank: the letter is refused, naming each missing one in words ("the
    // firm's address").
    [[nodiscard]] static Result<std::string> merge(const std::string& templateHtml,
                                                   const std::map<std::string, std::string>& values);
    // "firm.postal_code" -> "the firm's postal code".
    [[nodiscard]] static std::string describe(const std::string& field);
};

} // namespace cms::core::print
