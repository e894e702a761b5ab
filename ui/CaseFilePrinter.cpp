#include "ui/CaseFilePrinter.h"

#include <QAbstractTextDocumentLayout>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cms::ui {

namespace {

constexpr double kBannerInches = 0.35;
constexpr double kFooterInches = 0.4;

// The extent of a table row as laid out: the top of its highest cell, the bottom of its lowest.
std::pair<double, double> rowExtent(const QTextTable& table, int row, QAbstractTextDocumentLayout& layout)
{
    double top = std::numeric_limits<double>::max();
    double bottom = 0;
    for (int column = 0; column < table.columns(); ++column) {
        const QTextTableCell cell = table.cellAt(row, column);
        for (auto it = cell.begin(); !it.atEnd(); ++it) {
            if (const QTextBlock block = it.currentBlock(); block.isValid()) {
                const QRectF box = layout.blockBoundingRect(block);
                top = std::min(top, box.top());
                bottom = std::max(bottom, box.bottom());
            }
        }
    }
    return {top, bottom};
}

// No table row is split over two pages: a row that would cross a page's end starts the next
// page instead (its every cell breaks before it; the table's header repeats above it). A row
// taller than a page is left to run on.
void keepRowsTogether(QTextDocument& document, double pageHeight)
{
    auto& layout = *document.documentLayout();
    for (QTextFrame* frame : document.rootFrame()->childFrames()) {
        auto* table = qobject_cast<QTextTable*>(frame);
        if (table == nullptr) {
            continue;
        }
        for (int row = table->format().headerRowCount(); row < table->rows(); ++row) {
            const auto [top, bottom] = rowExtent(*table, row, layout);
            const bool crosses = std::floor(top / pageHeight) != std::floor((bottom - 0.5) / pageHeight);
            if (!crosses || bottom - top >= pageHeight * 0.9) {
                continue;
            }
            for (int column = 0; column < table->columns(); ++column) {
                const QTextBlock first = table->cellAt(row, column).firstCursorPosition().block();
                QTextBlockFormat format = first.blockFormat();
                format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                QTextCursor(first).setBlockFormat(format);
            }
        }
    }
}

} // namespace

CaseFilePrinter::CaseFilePrinter(QString html, PageMarkings markings)
    : m_html(std::move(html))
    , m_markings(std::move(markings))
{}

int CaseFilePrinter::print(QPagedPaintDevice& device) const
{
    QPainter painter(&device);
    if (!painter.isActive()) {
        return 0; // the printer or the file could not be opened
    }
    const QRect page = device.pageLayout().paintRectPixels(device.logicalDpiX());
    const double dpi = device.logicalDpiY();
    const double banner = kBannerInches * dpi;
    const double footer = kFooterInches * dpi;
    const QSizeF body(page.width(), page.height() - 2 * banner - footer);

    QTextDocument document;
    document.documentLayout()->setPaintDevice(&device);
    QFont text(QStringLiteral("DejaVu Sans"));
    text.setPointSizeF(9);
    document.setDefaultFont(text);
    document.setDocumentMargin(0);
    document.setUndoRedoEnabled(false);
    document.setHtml(m_html);
    document.setPageSize(body);
    keepRowsTogether(document, body.height());
    const int pages = document.pageCount();

    QFont bannerFont(QStringLiteral("DejaVu Sans"));
    bannerFont.setPointSizeF(11);
    bannerFont.setBold(true);
    QFont footerFont(QStringLiteral("DejaVu Sans"));
    footerFont.setPointSizeF(8);
    for (int index = 0; index < pages; ++index) {
        if (index > 0) {
            device.newPage();
        }
        if (!m_markings.watermark.isEmpty()) {
            painter.save();
            QFont mark(QStringLiteral("DejaVu Sans"));
            mark.setPointSizeF(40);
            painter.setFont(mark);
            painter.setPen(QColor(0, 0, 0, 26));
            painter.translate(page.width() / 2.0, page.height() / 2.0);
            painter.rotate(-45);
            painter.drawText(
                QRectF(-page.height(), -dpi, 2.0 * page.height(), 2 * dpi), Qt::AlignCenter, m_markings.watermark);
            painter.restore();
        }
        painter.setPen(Qt::black);
        if (!m_markings.banner.isEmpty()) {
            painter.setFont(bannerFont);
            painter.drawText(QRectF(0, 0, page.width(), banner), Qt::AlignHCenter | Qt::AlignTop, m_markings.banner);
            painter.drawText(QRectF(0, page.height() - banner, page.width(), banner),
                             Qt::AlignHCenter | Qt::AlignBottom,
                             m_markings.banner);
        }

        painter.save();
        painter.translate(0, banner);
        painter.setClipRect(QRectF(QPointF(0, 0), body));
        painter.translate(0, -index * body.height());
        document.drawContents(&painter, QRectF(QPointF(0, index * body.height()), body));
        painter.restore();

        painter.setFont(footerFont);
        const QRectF footerBox(0, page.height() - banner - footer, page.width(), footer);
        painter.drawLine(QPointF(0, footerBox.top() + dpi * 0.08), QPointF(page.width(), footerBox.top() + dpi * 0.08));
        painter.drawText(
            footerBox.adjusted(0, dpi * 0.1, 0, 0),
            Qt::AlignLeft | Qt::AlignVCenter,
            !m_markings.footer.isEmpty()
                ? m_markings.footer
                : QStringLiteral("Case %1 · printed by %2 %3 · %4")
                      .arg(m_markings.caseId, m_markings.printedBy, m_markings.printedAt, m_markings.copy));
        painter.drawText(footerBox.adjusted(0, dpi * 0.1, 0, 0),
                         Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("page %1 of %2").arg(index + 1).arg(pages));
    }
    return pages;
}

bool CaseFilePrinter::toPdf(const QString& path, int* pages) const
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setPageSize(QPageSize(QPageSize::Letter));
    writer.setPageMargins(QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(QStringLiteral("Case file %1 — %2").arg(m_markings.caseId, m_markings.copy));
    writer.setCreator(QStringLiteral("CMS"));
    const int painted = print(writer);
    if (pages != nullptr) {
        *pages = painted;
    }
    return painted > 0;
}

} // namespace cms::ui
