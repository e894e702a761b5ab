#include "ui/RichTextPrinter.h"

#include <QAbstractTextDocumentLayout>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextDocument>

#include <utility>

namespace cms::ui {

RichTextPrinter::RichTextPrinter(QString html, PageMarkings markings)
    : m_html(std::move(html))
    , m_markings(std::move(markings))
{}

int RichTextPrinter::print(QPagedPaintDevice& device) const
{
    QPainter painter(&device);
    if (!painter.isActive()) {
        return 0; // the printer or the file could not be opened
    }
    const PageFrame frame(device);
    const QSizeF body = frame.body();
    QTextDocument document;
    document.documentLayout()->setPaintDevice(&device);
    QFont text(QStringLiteral("DejaVu Sans"));
    text.setPointSizeF(9);
    document.setDefaultFont(text);
    document.setDocumentMargin(0);
    document.setUndoRedoEnabled(false);
    document.setHtml(m_html);
    document.setPageSize(body);
    const int pages = document.pageCount();
    frame.paintPages(device, painter, m_markings, pages, [&](QPainter& onPage, int index) {
        onPage.setClipRect(QRectF(QPointF(0, 0), body));
        onPage.translate(0, -index * body.height());
        document.drawContents(&onPage, QRectF(QPointF(0, index * body.height()), body));
    });
    return pages;
}

bool RichTextPrinter::toPdf(const QString& path, const QString& title, int* pages) const
{
    const int painted = PageFrame::writePdf(path, title, [this](QPagedPaintDevice& device) { return print(device); });
    if (pages != nullptr) {
        *pages = painted;
    }
    return painted > 0;
}

} // namespace cms::ui
