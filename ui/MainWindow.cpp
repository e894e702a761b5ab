#include "ui/MainWindow.h"

#include "core/auth/CardUnlock.h"
#include "core/auth/Pkcs11Module.h"
#include "ui/LockScreen.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QStackedWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace cms::ui {

MainWindow::MainWindow(core::config::AppConfig config, QWidget* parent, InactivityWatcher::Clock clock)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_config(std::move(config))
    , m_inactivity(std::chrono::minutes(m_config.session.lockAfterMinutes), this, std::move(clock))
{
    m_ui->setupUi(this);
    setWindowTitle(QApplication::applicationDisplayName());
    m_ui->statusbar->showMessage(tr("Not signed in"));
    // The content and the lock screen share the window; a locked window shows only the latter.
    m_content = takeCentralWidget();
    m_lockScreen = new LockScreen;
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_content);
    m_pages->addWidget(m_lockScreen);
    setCentralWidget(m_pages);
    m_ui->actionLock->setEnabled(false);
    m_ui->actionSignOut->setEnabled(false);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionLock, &QAction::triggered, this, &MainWindow::lock);
    connect(m_ui->actionSignOut, &QAction::triggered, this, &MainWindow::signOut);
    connect(&m_inactivity, &InactivityWatcher::inactive, this, &MainWindow::lock);
    connect(m_lockScreen, &LockScreen::unlockRequested, this, &MainWindow::unlockWith);
    connect(&m_unlocking, &QFutureWatcher<Result<void>>::finished, this, &MainWindow::finishUnlock);
}

MainWindow::~MainWindow()
{
    m_unlocking.waitForFinished();
}

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
    m_ui->actionLock->setEnabled(m_connection != nullptr);
    m_ui->actionSignOut->setEnabled(m_connection != nullptr);
    m_inactivity.setActive(m_connection != nullptr);
}

bool MainWindow::isLocked() const
{
    return m_pages->currentWidget() == m_lockScreen;
}

InactivityWatcher& MainWindow::inactivityWatcher()
{
    return m_inactivity;
}

void MainWindow::lock()
{
    if (!m_connection || isLocked()) {
        return;
    }
    m_inactivity.setActive(false);
    QStringList cards;
    if (auto module = core::auth::Pkcs11Module::load(m_config.pkcs11.modulePath); module) {
        if (auto tokens = (*module)->tokens(); tokens) {
            for (const auto& token : *tokens) {
                cards << QString::fromStdString(token.label);
            }
        }
    }
    m_lockScreen->setCards(cards, QString::fromStdString(m_connection->token.label));
    m_lockScreen->showProblem({});
    m_lockScreen->reset();
    m_pages->setCurrentWidget(m_lockScreen);
    menuBar()->setEnabled(false);
    recordEvent("auth.lock", "success");
}

void MainWindow::signOut()
{
    if (!m_connection) {
        return;
    }
    recordEvent("auth.sign_out", "success");
    m_inactivity.setActive(false);
    m_connection.reset(); // closes the database session; the card was signed out after the handshake
    m_person = {};
    close();
}

void MainWindow::unlockWith(const QString& card, std::shared_ptr<cms::SecureBuffer> pin)
{
    if (!m_connection || m_unlocking.isRunning()) {
        return;
    }
    m_lockScreen->setWorking(true);
    m_unlocking.setFuture(QtConcurrent::run(
        [config = m_config, label = card.toStdString(), uuid = m_connection->certificate.cardUuid.value_or(""), pin] {
            auto verified = core::auth::CardUnlock::verify(config, label, uuid, *pin);
            pin->clear();
            return verified;
        }));
}

void MainWindow::finishUnlock()
{
    const auto verified = m_unlocking.result();
    m_lockScreen->setWorking(false);
    if (!verified) {
        recordEvent("auth.unlock", "refused", std::string("{\"cause\": \"") + toString(verified.error().code) + "\"}");
        m_lockScreen->showProblem(QString::fromStdString(verified.error().message));
        m_lockScreen->reset();
        return;
    }
    recordEvent("auth.unlock", "success");
    m_pages->setCurrentWidget(m_content);
    menuBar()->setEnabled(true);
    m_inactivity.setActive(true);
}

void MainWindow::recordEvent(const char* type, const char* outcome, const std::string& detailsJson)
{
    if (m_connection) {
        (void)m_connection->connection.exec("SELECT cms_audit.record_event($1, 'session', $2, $3, $4::jsonb)",
                                            {type, m_person.loginRole, outcome, detailsJson});
    }
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
