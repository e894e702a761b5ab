#include "ui/PageFrame.h"

#include <QColor>
#include <QFont>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace cms::ui {

namespace {

constexpr double kBannerInches = 0.35;
constexpr double kFooterInches = 0.4;

QFont dejaVu(double points, bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(points);
    font.setBold(bold);
    return font;
}

} // namespace

PageFrame::PageFrame(const QPagedPaintDevice& device)
    : m_page(device.pageLayout().paintRectPixels(device.logicalDpiX()))
    , m_dpi(device.logicalDpiY())
    , m_banner(kBannerInches * m_dpi)
    , m_footer(kFooterInches * m_dpi)
{}

QSizeF PageFrame::body() const
{
    return {static_cast<double>(m_page.width()), m_page.height() - 2 * m_banner - m_footer};
}

QPointF PageFrame::bodyOrigin() const
{
    return {0, m_banner};
}

void PageFrame::paint(QPainter& painter, const PageMarkings& markings, int index, int pages) const
{
    const double width = m_page.width();
    const double height = m_page.height();
    painter.save();
    if (!markings.watermark.isEmpty()) {
        painter.save();
        painter.setFont(dejaVu(40));
        painter.setPen(QColor(0, 0, 0, 26));
        painter.translate(width / 2.0, height / 2.0);
        painter.rotate(-45);
        painter.drawText(QRectF(-height, -m_dpi, 2.0 * height, 2 * m_dpi), Qt::AlignCenter, markings.watermark);
        painter.restore();
    }
    painter.setPen(Qt::black);
    if (!markings.banner.isEmpty()) {
        painter.setFont(dejaVu(11, true));
        painter.drawText(QRectF(0, 0, width, m_banner), Qt::AlignHCenter | Qt::AlignTop, markings.banner);
        painter.drawText(
            QRectF(0, height - m_banner, width, m_banner), Qt::AlignHCenter | Qt::AlignBottom, markings.banner);
    }
    painter.setFont(dejaVu(8));
    const QRectF footerBox(0, height - m_banner - m_footer, width, m_footer);
    painter.drawLine(QPointF(0, footerBox.top() + m_dpi * 0.08), QPointF(width, footerBox.top() + m_dpi * 0.08));
    painter.drawText(footerBox.adjusted(0, m_dpi * 0.1, 0, 0),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     !markings.footer.isEmpty()
                         ? markings.footer
                         : QStringLiteral("Case %1 · printed by %2 %3 · %4")
                               .arg(markings.caseId, markings.printedBy, markings.printedAt, markings.copy));
    painter.drawText(footerBox.adjusted(0, m_dpi * 0.1, 0, 0),
                     Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("page %1 of %2").arg(index + 1).arg(pages));
    painter.restore();
}

void PageFrame::paintPages(QPagedPaintDevice& device,
                           QPainter& painter,
                           const PageMarkings& markings,
                           int pages,
                           const std::function<void(QPainter& painter, int index)>& paintBody) const
{
    for (int index = 0; index < pages; ++index) {
        if (index > 0) {
            device.newPage();
        }
        paint(painter, markings, index, pages);
        painter.save();
        painter.translate(bodyOrigin());
        paintBody(painter, index);
        painter.restore();
    }
}

int PageFrame::writePdf(const QString& path,
                        const QString& title,
                        const std::function<int(QPagedPaintDevice& device)>& print)
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setPageSize(QPageSize(QPageSize::Letter));
    writer.setPageMargins(QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("CMS"));
    return print(writer);
}

} // namespace cms::ui
