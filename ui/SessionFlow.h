#pragma once

#include "core/config/AppConfig.h"
#include "ui/MainWindow.h"
#include "ui/RevocationListRefresh.h"

#include <QObject>
#include <QPointer>

namespace cms::ui {

class NoticeDialog;
class SignInDialog;

// The way through the application (PIA Q22, Q23): the system-use notice, then the card sign-in,
// then, once a year, the rules of behavior, then the main window; signing out comes back to the
// sign-in. Meanwhile the CRL cache is refreshed in the background. `finished` says the person left (Exit on the notice,
// Cancel on the sign-in, Quit).
class SessionFlow : public QObject
{
    Q_OBJECT

public:
    explicit SessionFlow(core::config::AppConfig config, MainWindow::Seams seams = {}, QObject* parent = nullptr);
    ~SessionFlow() override;

    void start();

    // What is on screen now, for tests (null when not shown).
    [[nodiscard]] NoticeDialog* notice() const;
    [[nodiscard]] SignInDialog* signInDialog() const;
    [[nodiscard]] MainWindow* window() const;
    [[nodiscard]] RevocationListRefresh& revocationListRefresh();

signals:
    void finished(int exitCode);

private:
    void showSystemUseNotice();
    void showSignIn();
    void signedIn();
    void rulesAnswered(bool accepted);
    void finishRules(bool accepted, const Result<void>& recorded);
    void openWindow();
    void connectWindow();
    void fail(const Error& error);

    core::config::AppConfig m_config;
    MainWindow::Seams m_seams;
    RevocationListRefresh m_crlRefresh;
    QPointer<NoticeDialog> m_notice;
    QPointer<SignInDialog> m_signIn;
    QPointer<MainWindow> m_window;
    std::shared_ptr<core::remote::CardConnection> m_connection;
    core::remote::SignedInPerson m_person;
    QString m_rulesText;
};

} // namespace cms::ui
