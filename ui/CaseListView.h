#pragma once

#include "core/cases/CaseListFilter.h"
#include "core/cases/SavedSearches.h"

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QAction;
class QMenu;

namespace Ui {
class CaseListView;
}

namespace cms::ui {

class CaseFeed;
class CaseListModel;
class DatabaseWorker;

// Finding cases: the search box (a case id, a firm, product, model, sample number or IFS
// reference; a person's name for PII-holders, recorded by the server), filters (status, type,
// assigned to me, my team, opened between), the person's saved searches, and the list itself
// (CaseListModel, sorted by the server). Keyboard first: Ctrl+F (the window's) focuses the search,
// Enter searches, the arrows move in the list, Enter opens the case.
class CaseListView : public QWidget
{
    Q_OBJECT

public:
    // `database`: where the person's saved searches are (null offline: they are not offered).
    CaseListView(CaseFeed& feed, DatabaseWorker* database, bool piiHolder, QWidget* parent = nullptr);
    ~CaseListView() override;

    [[nodiscard]] CaseListModel& model();
    [[nodiscard]] core::cases::CaseListFilter currentFilter() const;
    void focusSearch();
    // Shows the filter in the controls and runs it.
    void applyFilter(const core::cases::CaseListFilter& filter);
    // Runs the search the controls describe.
    void search();
    void saveSearchAs(const QString& name);
    // The ids of the selected rows (Shift and Ctrl select several), in list order; only rows
    // already loaded have an id (a page arrives when it is scrolled to).
    [[nodiscard]] std::vector<std::string> selectedCaseIds() const;
    [[nodiscard]] int selectedRowCount() const;
    // Offers `action` on the list's context menu (the actions that work on the selected cases).
    void addListAction(QAction* action);

signals:
    void openCaseRequested(const QString& caseId);

protected:
    // Down in the search box goes to the list's first row: search, Down, Enter opens.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fillMenu(QMenu* menu, const std::vector<std::string>& values);
    void describeMenus();
    void showTotal(long long total);
    void showProblem(const QString& text);
    void loadSavedSearches();
    void chooseSavedSearch(int index);
    void askNameAndSave();
    void deleteSavedSearch();
    void openCurrent();

    std::unique_ptr<Ui::CaseListView> m_ui;
    DatabaseWorker* m_database = nullptr;
    CaseListModel* m_model = nullptr;
    QMenu* m_statusMenu = nullptr;
    QMenu* m_typeMenu = nullptr;
    std::vector<core::cases::SavedSearch> m_saved;
    bool m_applying = false; // controls being set from a filter: no search per control
};

} // namespace cms::ui
