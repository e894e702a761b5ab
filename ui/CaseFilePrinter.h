#pragma once

#include "core/print/CaseFileContent.h"
#include "ui/PageFrame.h"

#include <QString>

#include <vector>

class QPagedPaintDevice;

namespace cms::ui {

// Prints a case file (core::print::CaseFileContent) on a printer or PDF writer: its pages laid out
// for that device (CaseFileLayout), each painted with its markings (PageFrame). The PDF writer
// embeds the fonts it uses.
class CaseFilePrinter
{
public:
    CaseFilePrinter(std::vector<core::print::ContentBlock> content, PageMarkings markings);

    // Paints every page; the number of pages (0 when the device could not be opened).
    int print(QPagedPaintDevice& device) const;
    // A PDF at `path`, US Letter; false when it cannot be written.
    [[nodiscard]] bool toPdf(const QString& path, int* pages = nullptr) const;

private:
    std::vector<core::print::ContentBlock> m_content;
    PageMarkings m_markings;
};

} // namespace cms::ui
