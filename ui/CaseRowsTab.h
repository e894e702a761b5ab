#pragma once

#include "core/cases/CaseRows.h"

#include <QWidget>

#include <map>
#include <memory>
#include <vector>

namespace Ui {
class CaseRowsTab;
}

namespace cms::ui {

class CaseFeed;
class CaseRowDialog;
class DatabaseWorker;

// A tab of a case's rows of one kind (products, samples, activities and notes, determinations,
// corrective actions, correspondence), one class for the six, each configured by its
// core::cases::CaseRowSpec: the table of the rows, Add, Edit and Remove (asked to confirm).
// References show the label of the row they name, never a bare number.
class CaseRowsTab : public QWidget
{
    Q_OBJECT

public:
    // Rows come from `feed`; changes go to the server through `database` (null offline, where
    // the rows are shown but not changed).
    CaseRowsTab(CaseFeed& feed,
                DatabaseWorker* database,
                const core::cases::CaseRowSpec& spec,
                bool mayEdit,
                QWidget* parent = nullptr);
    ~CaseRowsTab() override;

    void load(const std::string& caseId);
    [[nodiscard]] const std::vector<core::cases::CaseRow>& rows() const;
    // Opens the dialog for a new row (or the selected one); it saves when accepted.
    CaseRowDialog* openDialog(bool forNewRow);
    void removeSelected(bool askFirst = true);

signals:
    void changed();

private:
    void show(std::vector<core::cases::CaseRow> rows, std::map<std::string, std::vector<core::cases::Choice>> choices);
    // A new row (empty base id) is inserted; an edit of `base` is saved with its version, and if
    // someone else changed the row meanwhile the person chooses per field.
    void write(const core::cases::CaseRow& base, const core::cases::CaseRow& row);
    void showProblem(const QString& text);
    [[nodiscard]] QString displayed(const core::cases::ColumnSpec& column, const std::string& value) const;

    std::unique_ptr<Ui::CaseRowsTab> m_ui;
    CaseFeed& m_feed;
    DatabaseWorker* m_database = nullptr;
    const core::cases::CaseRowSpec& m_spec;
    std::string m_caseId;
    std::vector<core::cases::CaseRow> m_rows;
    std::map<std::string, std::vector<core::cases::Choice>> m_choices;
};

} // namespace cms::ui
