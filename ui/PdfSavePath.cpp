#include "ui/PdfSavePath.h"

#include <QDir>
#include <QFileDialog>
#include <QStandardPaths>

namespace cms::ui {

QString askPdfSavePath(QWidget* parent, const QString& title, const QString& suggested)
{
    return QFileDialog::getSaveFileName(
        parent,
        title,
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(suggested),
        QObject::tr("PDF (*.pdf)"));
}

} // namespace cms::ui
