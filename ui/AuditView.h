#pragma once

#include "core/audit/AuditSearch.h"

#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace cms::ui {

class DatabaseWorker;

// The audit trail for auditors and managers (issue: audit trail, review in the client): filter by
// person, case, event type and UTC days, newest first; open the case of an event; export what is
// shown to CSV. Searches and exports are themselves recorded (core::audit::AuditSearch).
class AuditView : public QWidget
{
    Q_OBJECT

public:
    // Where to save an export; an empty path cancels. Tests give their own.
    using SavePathPrompt = std::function<QString(QWidget* parent)>;

    AuditView(DatabaseWorker& database, SavePathPrompt askSavePath = {}, QWidget* parent = nullptr);

    void search();
    void exportShown();
    void openSelectedCase();
    [[nodiscard]] const std::vector<core::audit::AuditEvent>& shown() const;

signals:
    void openCaseRequested(const QString& caseId);
    // A search or an export ended: what happened, in words (shown under the table, and to tests).
    void finished(const QString& outcome);

private:
    [[nodiscard]] core::audit::AuditFilter filter() const;
    void show(const core::audit::AuditFilter& filter, std::vector<core::audit::AuditEvent> events);
    void say(const QString& outcome);

    DatabaseWorker& m_database;
    SavePathPrompt m_askSavePath;
    QLineEdit* m_person = nullptr;
    QLineEdit* m_case = nullptr;
    QLineEdit* m_type = nullptr;
    QLineEdit* m_from = nullptr;
    QLineEdit* m_to = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_status = nullptr;
    core::audit::AuditFilter m_shownFilter;
    std::vector<core::audit::AuditEvent> m_events;
};

} // namespace cms::ui
