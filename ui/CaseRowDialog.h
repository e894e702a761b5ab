#pragma once

#include "core/cases/CaseRows.h"

#include <QDialog>

#include <map>
#include <string>
#include <vector>

class QFormLayout;
class QLabel;

namespace cms::ui {

// Adds or edits one of a case's rows: a field per editable column of its spec (text, several
// lines, date, date and time, a choice among the server's values or the case's rows), validated
// by CaseRows::problem before it is accepted, the field named.
class CaseRowDialog : public QDialog
{
    Q_OBJECT

public:
    CaseRowDialog(const core::cases::CaseRowSpec& spec,
                  const core::cases::CaseRow& row,
                  const std::map<std::string, std::vector<core::cases::Choice>>& choices,
                  QWidget* parent = nullptr);

    [[nodiscard]] core::cases::CaseRow row() const;
    // The value of a field as typed, for tests driving the dialog.
    void setValue(const std::string& column, const QString& value);

    void accept() override;

private:
    const core::cases::CaseRowSpec& m_spec;
    core::cases::CaseRow m_row;
    std::map<std::string, QWidget*> m_editors;
    QLabel* m_problem = nullptr;
};

} // namespace cms::ui
