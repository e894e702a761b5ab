#pragma once

#include "core/config/AppConfig.h"
#include "core/remote/CardConnector.h"
#include "core/remote/SignedInPerson.h"
#include "ui/InactivityWatcher.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <memory>

class QStackedWidget;

namespace Ui {
class MainWindow;
}

namespace cms::ui {

class LockScreen;

// The application's main window. The case list and case form come in later; for now it shows
// the application's identity and who is signed in, locks after [session] lock_after_minutes
// without use (or on Ctrl+L), unlocks only with the card that signed in, and signs out.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(core::config::AppConfig config = {},
                        QWidget* parent = nullptr,
                        InactivityWatcher::Clock clock = {});
    ~MainWindow() override;

    // The signed-in session: the window keeps the connection and shows who is signed in.
    void setSignedIn(std::shared_ptr<core::remote::CardConnection> connection, core::remote::SignedInPerson person);
    [[nodiscard]] bool isLocked() const;
    [[nodiscard]] InactivityWatcher& inactivityWatcher();

    void lock();
    void signOut();

private:
    void showAbout();
    void unlockWith(const QString& card, std::shared_ptr<cms::SecureBuffer> pin);
    void finishUnlock();
    // Through the server's event function; the window goes on if the server cannot take it.
    void recordEvent(const char* type, const char* outcome, const std::string& detailsJson = "{}");

    std::unique_ptr<Ui::MainWindow> m_ui;
    core::config::AppConfig m_config;
    QStackedWidget* m_pages = nullptr;
    QWidget* m_content = nullptr;
    LockScreen* m_lockScreen = nullptr;
    InactivityWatcher m_inactivity;
    QFutureWatcher<Result<void>> m_unlocking;
    std::shared_ptr<core::remote::CardConnection> m_connection;
    core::remote::SignedInPerson m_person;
};

} // namespace cms::ui
