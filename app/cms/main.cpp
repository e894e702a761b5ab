#include "core/config/AppConfig.h"
#include "ui/MainWindow.h"
#include "ui/SignInDialog.h"

#include <QApplication>
#include <QMessageBox>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cms"));
    QApplication::setApplicationDisplayName(QStringLiteral("CMS — Case Management System"));
    QApplication::setApplicationVersion(QStringLiteral(CMS_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Office of Compliance"));

    auto config = cms::core::config::AppConfig::load(cms::core::config::AppConfig::defaultPath());
    if (!config) {
        QMessageBox::critical(
            nullptr, QApplication::applicationDisplayName(), QString::fromStdString(config.error().message));
        return 1;
    }
    // PIV card only (PIA Q22): no window without a card sign-in.
    cms::ui::SignInDialog signIn(*config);
    if (signIn.exec() != QDialog::Accepted) {
        return 0;
    }
    cms::ui::MainWindow window(*config);
    window.setSignedIn(signIn.takeConnection(), signIn.person());
    window.show();
    return QApplication::exec();
}
