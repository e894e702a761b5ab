#include "core/config/AppConfig.h"
#include "ui/SessionFlow.h"

#include <QApplication>
#include <QMessageBox>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cms"));
    QApplication::setApplicationDisplayName(QStringLiteral("CMS — Case Management System"));
    QApplication::setApplicationVersion(QStringLiteral(CMS_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Office of Compliance"));
    // Windows come and go between the notice, the sign-in and the main window: the flow, not the
    // last window closed, decides when the application ends.
    QApplication::setQuitOnLastWindowClosed(false);

    auto config = cms::core::config::AppConfig::load(cms::core::config::AppConfig::defaultPath());
    if (!config) {
        QMessageBox::critical(
            nullptr, QApplication::applicationDisplayName(), QString::fromStdString(config.error().message));
        return 1;
    }
    // PIV card only (PIA Q22): no window without a card sign-in.
    cms::ui::SessionFlow flow(*config);
    QObject::connect(&flow, &cms::ui::SessionFlow::finished, &app, &QApplication::exit, Qt::QueuedConnection);
    flow.start();
    return QApplication::exec();
}
