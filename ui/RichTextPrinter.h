#pragma once

#include "ui/PageFrame.h"

#include <QString>

class QPagedPaintDevice;

namespace cms::ui {

// Lays HTML (a notification letter, core::print::LetterTemplate: paragraphs, no tables) out in
// pages of a printer or PDF writer with Qt's rich-text engine and paints each page with its
// markings (PageFrame). The PDF writer embeds the fonts it uses.
class RichTextPrinter
{
public:
    RichTextPrinter(QString html, PageMarkings markings);

    // Paints every page; the number of pages (0 when the device could not be opened).
    int print(QPagedPaintDevice& device) const;
    // A PDF at `path`, US Letter, with `title` in its properties; false when it cannot be written.
    [[nodiscard]] bool toPdf(const QString& path, const QString& title, int* pages = nullptr) const;

private:
    QString m_html;
    PageMarkings m_markings;
};

} // namespace cms::ui
