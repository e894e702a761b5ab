#pragma once

#include <QPointF>
#include <QRect>
#include <QSizeF>
#include <QString>

#include <functional>

class QPagedPaintDevice;
class QPainter;
class QPdfWriter;

namespace cms::ui {

// What every printed page carries around its content (issue: hard copies): the CUI banner at
// the top and bottom, the footer (case id, "printed by <person> <UTC time>", the copy number,
// "page x of y") and, if configured, a light diagonal watermark with the person's name.
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

// The frame of each page of a printer or PDF writer, in its pixels: the banner's band at the top
// and the bottom, the footer above the lower one, the body between; and the markings painted in
// it.
class PageFrame
{
public:
    explicit PageFrame(const QPagedPaintDevice& device);

    [[nodiscard]] QSizeF body() const;
    [[nodiscard]] QPointF bodyOrigin() const;
    void paint(QPainter& painter, const PageMarkings& markings, int index, int pages) const;

    // Pages 0 .. pages-1 on `device` (which `painter` paints), a new page before each after the
    // first: the markings, then the body painted by `paintBody` with the painter's origin at the
    // body.
    void paintPages(QPagedPaintDevice& device,
                    QPainter& painter,
                    const PageMarkings& markings,
                    int pages,
                    const std::function<void(QPainter& painter, int index)>& paintBody) const;

    // A PDF at `path` (US Letter at 300 dpi with the office's margins, `title` in its
    // properties) painted by `print`; the pages it painted (0 when it cannot be written).
    static int
    writePdf(const QString& path, const QString& title, const std::function<int(QPagedPaintDevice& device)>& print);

private:
    QRect m_page;
    double m_dpi = 0;
    double m_banner = 0;
    double m_footer = 0;
};

} // namespace cms::ui
