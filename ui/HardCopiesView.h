#pragma once

#include "core/print/HardCopyRegister.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace cms::ui {

class DatabaseWorker;

// "My hard copies" (issue: hard copies; PIA Q28): the copies of case files the person made, newest
// first, each marked returned or destroyed with its day; for managers, everyone's copies still
// held after [print] outstanding_after_days. Each mark is an audit event (the server's).
class HardCopiesView : public QWidget
{
    Q_OBJECT

public:
    HardCopiesView(DatabaseWorker& database, bool manager, int outstandingAfterDays, QWidget* parent = nullptr);

    void refresh();
    // Marks the selected copy returned or destroyed on the day chosen.
    void settleSelected(const QString& status);
    void openSelectedCase();
    [[nodiscard]] const std::vector<core::print::HardCopy>& shown() const;

signals:
    void openCaseRequested(const QString& caseId);
    // A refresh or a mark ended: what happened, in words.
    void finished(const QString& outcome);

private:
    void show(std::vector<core::print::HardCopy> copies);
    void say(const QString& outcome);
    [[nodiscard]] const core::print::HardCopy* selected() const;

    DatabaseWorker& m_database;
    int m_outstandingAfterDays;
    QCheckBox* m_outstanding = nullptr;
    QTableWidget* m_table = nullptr;
    QDateEdit* m_day = nullptr;
    QPushButton* m_returned = nullptr;
    QPushButton* m_destroyed = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_status = nullptr;
    std::vector<core::print::HardCopy> m_copies;
};

} // namespace cms::ui
