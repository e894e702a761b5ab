#include "tests/ui/Screenshot.h"

#include <QDir>
#include <QPixmap>
#include <QWidget>

namespace cms::tests {

QString saveScreenshot(QWidget& widget, const QString& name)
{
    const QDir folder(QStringLiteral(CMS_SCREENSHOT_DIR));
    folder.mkpath(QStringLiteral("."));
    const QString path = folder.filePath(name + QStringLiteral(".png"));
    widget.grab().save(path);
    return path;
}

} // namespace cms::tests
