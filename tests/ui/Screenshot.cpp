#include "tests/ui/Screenshot.h"

#include "tests/TestPaths.h"
#include "tests/support/ProcessRunner.h"

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

void savePdfFirstPage(const std::string& pdf, const std::string& name)
{
    QDir(QStringLiteral(CMS_SCREENSHOT_DIR)).mkpath(QStringLiteral("."));
    (void)runProcess({"/usr/bin/pdftoppm",
                      "-png",
                      "-r",
                      "60",
                      "-singlefile",
                      "-f",
                      "1",
                      "-l",
                      "1",
                      pdf,
                      std::string(CMS_SCREENSHOT_DIR) + "/" + name});
}

} // namespace cms::tests
