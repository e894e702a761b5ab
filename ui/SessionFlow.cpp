#include "ui/SessionFlow.h"

#include "ui/NoticeDialog.h"
#include "ui/OffGuiThread.h"
#include "ui/SignInDialog.h"

#include <QApplication>
#include <QFutureWatcher>
#include <QMessageBox>

namespace cms::ui {

namespace {

// A dialog that has answered is done with; it goes once its signal has been handled.
template <typename Widget> void replace(QPointer<Widget>& current, Widget* next)
{
    if (current) {
        current->deleteLater();
    }
    current = next;
}

template <typename Widget> void dismiss(QPointer<Widget>& current)
{
    replace(current, static_cast<Widget*>(nullptr));
}

} // namespace

SessionFlow::SessionFlow(core::config::AppConfig config, MainWindow::Seams seams, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_seams(std::move(seams))
    , m_crlRefresh(m_config.pki)
{}

SessionFlow::~SessionFlow()
{
    delete m_notice;
    delete m_signIn;
    delete m_window;
}

void SessionFlow::start()
{
    m_crlRefresh.start();
    showSystemUseNotice();
}

RevocationListRefresh& SessionFlow::revocationListRefresh()
{
    return m_crlRefresh;
}

NoticeDialog* SessionFlow::notice() const
{
    return m_notice;
}

SignInDialog* SessionFlow::signInDialog() const
{
    return m_signIn;
}

MainWindow* SessionFlow::window() const
{
    return m_window;
}

void SessionFlow::showSystemUseNotice()
{
    auto text = NoticeDialog::loadText(m_config.session.systemUseNotice, QStringLiteral(":/cms/system-use-notice.txt"));
    if (!text) {
        fail(text.error());
        return;
    }
    replace(m_notice, new NoticeDialog(NoticeDialog::systemUseNotice(), *text));
    connect(m_notice, &QDialog::accepted, this, [this] {
        dismiss(m_notice);
        showSignIn();
    });
    connect(m_notice, &QDialog::rejected, this, [this] {
        dismiss(m_notice);
        emit finished(0);
    });
    m_notice->show();
}

void SessionFlow::showSignIn()
{
    replace(m_signIn, new SignInDialog(m_config, nullptr, m_seams.cards));
    connect(m_signIn, &QDialog::accepted, this, &SessionFlow::signedIn);
    connect(m_signIn, &QDialog::rejected, this, [this] { emit finished(0); });
    m_signIn->show();
}

void SessionFlow::signedIn()
{
    if (auto offline = m_signIn->takeOfflineWork()) {
        // The rules of behavior are kept and recorded by the server: they are asked for at the
        // next online sign-in when due.
        m_window = new MainWindow(m_config, nullptr, m_seams);
        m_window->setAttribute(Qt::WA_DeleteOnClose);
        m_window->setWorkingOffline(std::move(*offline));
        connectWindow();
        return;
    }
    m_connection = m_signIn->takeConnection();
    m_person = m_signIn->person();
    if (!m_person.rulesDue) {
        openWindow();
        return;
    }
    auto text = NoticeDialog::loadText(m_config.session.rulesOfBehavior, QStringLiteral(":/cms/rules-of-behavior.txt"));
    if (!text) {
        fail(text.error());
        return;
    }
    m_rulesText = *text;
    replace(m_notice, new NoticeDialog(NoticeDialog::rulesOfBehavior(), m_rulesText));
    connect(m_notice, &QDialog::accepted, this, [this] { rulesAnswered(true); });
    connect(m_notice, &QDialog::rejected, this, [this] { rulesAnswered(false); });
    m_notice->show();
}

// The answer goes to the server off the GUI thread; the flow goes on when it is recorded.
void SessionFlow::rulesAnswered(bool accepted)
{
    dismiss(m_notice);
    if (!m_connection) {
        return;
    }
    auto* recording = new QFutureWatcher<Result<void>>(this);
    connect(recording, &QFutureWatcher<Result<void>>::finished, this, [this, recording, accepted] {
        recording->deleteLater();
        finishRules(accepted, recording->result());
    });
    recording->setFuture(runOffGuiThread([connection = m_connection,
                                          login = m_person.loginRole,
                                          version = NoticeDialog::versionOf(m_rulesText),
                                          accepted]() -> Result<void> {
        auto recorded =
            accepted ? connection->connection.exec("SELECT cms.accept_rules_of_behavior($1)", {version})
                     : connection->connection.exec(
                         "SELECT cms_audit.record_event('auth.rules_declined', 'person', $1, 'refused')", {login});
        if (!recorded) {
            return std::unexpected(recorded.error());
        }
        return {};
    }));
}

void SessionFlow::finishRules(bool accepted, const Result<void>& recorded)
{
    if (accepted && recorded) {
        openWindow();
        return;
    }
    // Declining ends the session here: nobody works without the rules accepted. So does an
    // acceptance the server could not record.
    m_connection.reset();
    m_person = {};
    if (accepted) {
        QMessageBox::warning(nullptr,
                             QApplication::applicationDisplayName(),
                             tr("Your acceptance of the rules of behavior could not be recorded: %1 Sign in again.")
                                 .arg(QString::fromStdString(recorded.error().message)));
    }
    showSignIn();
}

void SessionFlow::openWindow()
{
    m_window = new MainWindow(m_config, nullptr, m_seams);
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    m_window->setSignedIn(std::move(m_connection), m_person);
    m_person = {};
    connectWindow();
}

void SessionFlow::connectWindow()
{
    connect(m_window, &MainWindow::signedOut, this, [this] {
        m_window->hide();
        m_window->deleteLater();
        showSignIn();
    });
    connect(m_window, &MainWindow::closed, this, [this] { emit finished(0); });
    m_window->show();
}

void SessionFlow::fail(const Error& error)
{
    QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), QString::fromStdString(error.message));
    emit finished(1);
}

} // namespace cms::ui
