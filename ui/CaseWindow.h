#pragma once

#include "core/cases/CaseSummary.h"
#include "core/config/AppConfig.h"
#include "core/remote/SignedInPerson.h"
#include "ui/PrintCaseDialog.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;

namespace cms::ui {

class CaseChangeWatcher;
class CaseFeed;
class CaseRowsTab;
class DatabaseWorker;
class FirmsTab;
class HistoryTab;
class LetterDialog;
class PeopleTab;
class SummaryTab;

// One case, as a tab of the main window (so that the session lock hides it with the rest): Summary, Firms, Products,
// People, Samples, Activities & notes, Determinations, Corrective actions, Correspondence and History, each a tab. What
// the person may do follows their role (the server enforces it regardless). When someone else changes the case, a
// banner says so and offers to reload. An empty id makes a new case: only the Summary is open until it is saved and the
// server has given it its id.
class CaseWindow : public QWidget
{
    Q_OBJECT

public:
    // Offline (`feed` the cache) there is no `database` nor `changes`: the summary is edited into
    // the cache's outbox; the firms, people (masked), products, samples and the other rows are
    // shown; the history waits for the network.
    CaseWindow(CaseFeed& feed,
               DatabaseWorker* database,
               CaseChangeWatcher* changes,
               const core::remote::SignedInPerson& person,
               const QString& caseId,
               QWidget* parent = nullptr);
    ~CaseWindow() override;

    [[nodiscard]] QString caseId() const;
    [[nodiscard]] SummaryTab& summary();
    [[nodiscard]] FirmsTab& firms();
    [[nodiscard]] PeopleTab& people();
    // Online only (offline the history waits for the network).
    [[nodiscard]] HistoryTab& history();
    [[nodiscard]] CaseRowsTab& rowsTab(const char* table);
    [[nodiscard]] bool changedElsewhere() const;
    [[nodiscard]] bool isOffline() const;

    void reload();
    // Online: the Print… button (Ctrl+P) of hard copies with these markings.
    void enablePrinting(core::config::PrintSettings markings, PrintCaseDialog::SavePathPrompt askSavePath = {});
    // The print dialog of this case (null before the case has its id, or offline).
    PrintCaseDialog* openPrintDialog();
    // The notification letters of this case (null as the print dialog, and for roles that do not
    // write to firms).
    LetterDialog* openLetterDialog();

private:
    void loaded(const core::cases::CaseSummary& summary);
    void saved(const core::cases::CaseSummary& summary);
    void showHeading(const core::cases::CaseSummary& summary);
    void showChangedElsewhere(const QString& caseId);

    CaseFeed& m_feed;
    DatabaseWorker* m_database = nullptr;
    std::unique_ptr<DatabaseWorker> m_disconnected; // offline: the tabs' writes go nowhere
    core::remote::SignedInPerson m_person;
    std::optional<core::config::PrintSettings> m_printMarkings;
    PrintCaseDialog::SavePathPrompt m_askPdfPath;
    QPushButton* m_printButton = nullptr;
    QPushButton* m_letterButton = nullptr;
    bool m_mayWriteLetters = false;
    CaseChangeWatcher* m_changes = nullptr;
    QString m_caseId;
    QLabel* m_heading = nullptr;
    QWidget* m_banner = nullptr;
    QTabWidget* m_tabs = nullptr;
    SummaryTab* m_summary = nullptr;
    FirmsTab* m_firms = nullptr;
    PeopleTab* m_people = nullptr;
    HistoryTab* m_history = nullptr;
    std::vector<CaseRowsTab*> m_rowTabs;
};

} // namespace cms::ui
