#include "ui/MainWindow.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cms"));
    QApplication::setApplicationDisplayName(QStringLiteral("CMS — Case Management System"));
    QApplication::setApplicationVersion(QStringLiteral(CMS_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Office of Compliance"));

    cms::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
