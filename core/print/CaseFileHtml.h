#pragma once

#include "core/config/AppConfig.h"
#include "core/print/CaseFile.h"
#include "core/print/HardCopyRegister.h"

#include <string>

namespace cms::core::print {

// The body of a case file as HTML for Qt's rich-text layout (the desktop paints the banner, the
// footer and the watermark on each page around it): the designation indicator block, the
// copy's register entry, then each section; tables have their header row in <thead>, which
// repeats on every page a table spans. Black on white with grey rules: it reads in grey scale.
// An unredacted copy prints the PII the server released for it; a redacted one the masked values.
class CaseFileHtml
{
public:
    [[nodiscard]] static std::string render(const CaseFile& file,
                                            const HardCopy& copy,
                                            const config::PrintSettings& markings,
                                            const std::string& printedBy);
    // Text safe inside HTML.
    [[nodiscard]] static std::string escaped(const std::string& text);
};

} // namespace cms::core::print
