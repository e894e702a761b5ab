#pragma once

#include <QString>

class QPagedPaintDevice;

namespace cms::ui {

// What every page of a case file carries around its content (issue: hard copies): the CUI
// banner at the top and bottom, the footer (case id, "printed by <person> <UTC time>", the copy
// number, "page x of y") and, if configured, a light diagonal watermark with the person's name.
struct PageMarkings
{
    QString banner;
    QString caseId;
    QString printedBy; // the person's name
    QString printedAt; // "2026-11-23 09:15 UTC"
    QString copy;      // "Copy 3", or "Preview (not a registered copy)"
    QString watermark; // empty: none
    // Instead of the case file's footer (a letter's), when not empty; an empty banner prints none.
    QString footer = {};
};

// Lays a case file's HTML (core::print::CaseFileHtml) out in pages of a printer or PDF writer
// and paints each page with its markings. Tables repeat their header rows on every page they
// span; the PDF writer embeds the fonts it uses.
class CaseFilePrinter
{
public:
    CaseFilePrinter(QString html, PageMarkings markings);

    // Paints every page; the number of pages (0 when the device could not be opened).
    int print(QPagedPaintDevice& device) const;
    // A PDF at `path`, US Letter; false when it cannot be written.
    [[nodiscard]] bool toPdf(const QString& path, int* pages = nullptr) const;

private:
    QString m_html;
    PageMarkings m_markings;
};

} // namespace cms::ui
