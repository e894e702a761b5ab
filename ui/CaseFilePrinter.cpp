#include "ui/CaseFilePrinter.h"

#include "ui/CaseFileLayout.h"

#include <QPagedPaintDevice>
#include <QPainter>

#include <utility>

namespace cms::ui {

CaseFilePrinter::CaseFilePrinter(std::vector<core::print::ContentBlock> content, PageMarkings markings)
    : m_content(std::move(content))
    , m_markings(std::move(markings))
{}

int CaseFilePrinter::print(QPagedPaintDevice& device) const
{
    QPainter painter(&device);
    if (!painter.isActive()) {
        return 0; // the printer or the file could not be opened
    }
    const PageFrame frame(device);
    const CaseFileLayout layout(m_content, device, frame.body());
    frame.paintPages(device, painter, m_markings, layout.pageCount(), [&layout](QPainter& body, int index) {
        layout.paint(body, index);
    });
    return layout.pageCount();
}

bool CaseFilePrinter::toPdf(const QString& path, int* pages) const
{
    const int painted = PageFrame::writePdf(path,
                                            QStringLiteral("Case file %1 — %2").arg(m_markings.caseId, m_markings.copy),
                                            [this](QPagedPaintDevice& device) { return print(device); });
    if (pages != nullptr) {
        *pages = painted;
    }
    return painted > 0;
}

} // namespace cms::ui
