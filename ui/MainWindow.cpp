#include "ui/MainWindow.h"

#include "ui_MainWindow.h"

#include <QApplication>
#include <QMessageBox>

namespace cms::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowTitle(QApplication::applicationDisplayName());
    m_ui->statusbar->showMessage(tr("Not signed in"));
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
}

MainWindow::~MainWindow() = default;

void MainWindow::setSignedIn(std::shared_ptr<core::remote::CardConnection> connection,
                             core::remote::SignedInPerson person)
{
    m_connection = std::move(connection);
    m_person = std::move(person);
    QString who = tr("Signed in: %1 — %2")
                      .arg(QString::fromStdString(m_person.displayName), QString::fromStdString(m_person.jobRole));
    if (!m_person.team.empty()) {
        who += tr(", %1").arg(QString::fromStdString(m_person.team));
    }
    if (m_person.piiAccess) {
        who += tr(" (PII access)");
    }
    if (m_connection && m_connection->revocationListOverdue) {
        who += tr(" — this computer's list of revoked cards is past its renewal date");
    }
    m_ui->statusbar->showMessage(who);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this,
                       tr("About %1").arg(QApplication::applicationDisplayName()),
                       tr("<p><b>%1</b> %2</p><p>Case Management System of the Office of Compliance.</p>"
                          "<p>Licensed under the Apache License 2.0.</p>")
                           .arg(QApplication::applicationDisplayName(), QApplication::applicationVersion()));
}

} // namespace cms::ui
