#pragma once

#include "core/config/AppConfig.h"
#include "core/remote/CardConnector.h"
#include "core/remote/SignedInPerson.h"
#include "ui/AuditView.h"
#include "ui/CardWatcher.h"
#include "ui/FieldWorkController.h"
#include "ui/InactivityWatcher.h"
#include "ui/OfflineWork.h"
#include "ui/PrintCaseDialog.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>
#include <string>

class QStackedWidget;
class QTabWidget;

namespace Ui {
class MainWindow;
}

namespace cms::ui {

class CacheWorker;
class CaseChangeWatcher;
class CaseFeed;
class CaseListView;
class CaseWindow;
class DatabaseWorker;
class HardCopiesView;
class LockScreen;

// The application's main window. The case list and case form come in later; for now it shows
// the application's identity and who is signed in, locks after [session] lock_after_minutes
// without use, on Ctrl+L, or at once when the card that signed in leaves its reader; unlocks only
// with that card; and signs out (the session flow then asks for a card again).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // What tests replace: the clock of the inactivity lock and where the cards in the readers
    // come from (empty: the real clock and the configured PKCS#11 module).
    struct Seams
    {
        InactivityWatcher::Clock clock;
        CardWatcher::Look cards;
        FieldWorkController::PinPrompt askPin;                   // the PIN that unlocks the offline cache
        FieldWorkController::PreviousCardPrompt askPreviousCard; // a reissued card's predecessor
        AuditView::SavePathPrompt askAuditExportPath;            // where an audit export goes
        PrintCaseDialog::SavePathPrompt askCasePdfPath;          // where a case file's PDF goes
    };

    explicit MainWindow(core::config::AppConfig config = {}, QWidget* parent = nullptr, Seams seams = {});
    ~MainWindow() override;

    // The signed-in session: the window keeps the connection and shows who is signed in.
    void setSignedIn(std::shared_ptr<core::remote::CardConnection> connection, core::remote::SignedInPerson person);
    // The offline session (issue: offline field work): the case list and case form over the
    // cache, edits into its outbox for the next sync; what needs the server is not offered. The
    // window locks and unlocks with the card as online.
    void setWorkingOffline(OfflineWork work);
    [[nodiscard]] bool isOffline() const;
    [[nodiscard]] bool isLocked() const;
    [[nodiscard]] InactivityWatcher& inactivityWatcher();
    [[nodiscard]] CardWatcher& cardWatcher();
    // The case list of the signed-in session (null when signed out).
    [[nodiscard]] CaseListView* caseList() const;
    // Opens the case in a tab of its own (or shows its tab); an empty id opens a new case.
    CaseWindow* openCase(const QString& caseId);
    // The audit trail in a tab of its own (auditors and managers; null for the others).
    AuditView* openAuditTrail();
    // The register of the person's hard copies in a tab of its own (online; null offline).
    HardCopiesView* openHardCopies();
    [[nodiscard]] CaseWindow* openedCase(const QString& caseId) const;
    // Field work of the signed-in session (null when signed out).
    [[nodiscard]] FieldWorkController* fieldWork() const;
    // Waits until the audit events sent so far have reached the server (they go off the GUI
    // thread, in order).
    void flushEvents();

    void lock();
    void signOut();

signals:
    // The person signed out: the database session is closed; the window is done.
    void signedOut();
    // The window was closed (quit): the session was ended the same way.
    void closed();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void showAbout();
    // The case ids selected in the case list, for field work; none (said in the status bar) when
    // nothing is selected.
    [[nodiscard]] std::vector<std::string> selectedCases();
    void lockFor(const char* cause);
    void cardRemoved(const QString& label, const QString& serialNumber);
    void showCardsOnLockScreen();
    void endSession(const char* how);
    void unlockWith(const QString& card, std::shared_ptr<cms::SecureBuffer> pin);
    void finishUnlock();
    // Through the server's event function, on the window's one database thread so the GUI never
    // waits for the network; the window goes on if the server cannot take it.
    void recordEvent(const char* type, const char* outcome, const std::string& detailsJson = "{}");
    // The case list in the first work tab, over the session's feed.
    void showCaseList(bool piiHolder);
    void showOfflineStatus();

    // The card that signed in: it locks the window when it leaves and unlocks it.
    struct SessionCard
    {
        std::string label;
        std::string serialNumber;
        std::string cardUuid;
    };

    std::unique_ptr<Ui::MainWindow> m_ui;
    core::config::AppConfig m_config;
    QStackedWidget* m_pages = nullptr;
    QWidget* m_content = nullptr;
    LockScreen* m_lockScreen = nullptr;
    InactivityWatcher m_inactivity;
    CardWatcher m_cards;
    std::unique_ptr<DatabaseWorker> m_database;
    std::unique_ptr<CacheWorker> m_cacheWorker; // offline
    std::unique_ptr<CaseFeed> m_feed;           // after the workers: it goes first
    std::optional<SessionCard> m_card;
    CaseListView* m_caseList = nullptr;
    CaseChangeWatcher* m_caseChanges = nullptr;
    FieldWorkController* m_fieldWork = nullptr;
    QLabel* m_fieldWorkStatus = nullptr;
    FieldWorkController::PinPrompt m_askPin;
    FieldWorkController::PreviousCardPrompt m_askPreviousCard;
    AuditView::SavePathPrompt m_askAuditExportPath;
    PrintCaseDialog::SavePathPrompt m_askCasePdfPath;
    QPointer<AuditView> m_auditView;
    QPointer<HardCopiesView> m_hardCopies;
    QTabWidget* m_workTabs = nullptr;
    QFutureWatcher<Result<void>> m_unlocking;
    std::shared_ptr<core::remote::CardConnection> m_connection;
    core::remote::SignedInPerson m_person;
};

} // namespace cms::ui
