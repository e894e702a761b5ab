#pragma once

#include "core/cases/CaseSummary.h"
#include "core/remote/SignedInPerson.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;

namespace cms::ui {

class CaseChangeWatcher;
class CaseRowsTab;
class DatabaseWorker;
class FirmsTab;
class HistoryTab;
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
    CaseWindow(DatabaseWorker& database,
               CaseChangeWatcher& changes,
               const core::remote::SignedInPerson& person,
               const QString& caseId,
               QWidget* parent = nullptr);
    ~CaseWindow() override;

    [[nodiscard]] QString caseId() const;
    [[nodiscard]] SummaryTab& summary();
    [[nodiscard]] FirmsTab& firms();
    [[nodiscard]] PeopleTab& people();
    [[nodiscard]] HistoryTab& history();
    [[nodiscard]] CaseRowsTab& rowsTab(const char* table);
    [[nodiscard]] bool changedElsewhere() const;

    void reload();

private:
    void loaded(const core::cases::CaseSummary& summary);
    void saved(const core::cases::CaseSummary& summary);
    void showHeading(const core::cases::CaseSummary& summary);
    void showChangedElsewhere(const QString& caseId);

    DatabaseWorker& m_database;
    CaseChangeWatcher& m_changes;
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
