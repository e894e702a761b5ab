#pragma once

#include "core/config/AppConfig.h"
#include "core/print/CaseFile.h"
#include "core/print/HardCopyRegister.h"

#include <string>
#include <utility>
#include <vector>

namespace cms::core::print {

// One piece of a case file's body, in the order it prints.
struct ContentBlock
{
    enum class Kind
    {
        Designation, // the CUI designation indicator block: `fields`, boxed
        Title,       // `text`, large
        Paragraph,   // `lead` in bold, then `text`
        Heading,     // a section's title: `text`
        Missing,     // "No firms recorded.": `text`, in italics
        Fields,      // labelled values (the summary): `fields`
        Table,       // `labels` (the header row, on every page the table spans), `rows`
    };
    Kind kind = Kind::Paragraph;
    std::string lead;
    std::string text;
    std::vector<std::pair<std::string, std::string>> fields; // label, value
    std::vector<std::string> labels;
    std::vector<int> widths; // each column's share of the width, in percent
    std::vector<std::vector<std::string>> rows;
};

// What a case file says, section by section, for the desktop to lay out in pages around the
// banner, the footer and the watermark it paints on each: the designation indicator block
// (32 CFR 2002.20(b)), the copy's register entry, then each section chosen. An unredacted copy
// holds the PII the server released for it; a redacted one the masked values.
class CaseFileContent
{
public:
    [[nodiscard]] static std::vector<ContentBlock>
    of(const CaseFile& file, const HardCopy& copy, const config::PrintSettings& markings, const std::string& printedBy);
};

} // namespace cms::core::print
