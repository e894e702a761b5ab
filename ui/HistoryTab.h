#pragma once

#include "core/cases/CaseHistory.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace Ui {
class HistoryTab;
}

namespace cms::ui {

class DatabaseWorker;

// The case's audit events as the person's role may see them: when, who, what, on which part of
// the case, which fields (names only, never values) and the outcome.
class HistoryTab : public QWidget
{
    Q_OBJECT

public:
    HistoryTab(DatabaseWorker& database, QWidget* parent = nullptr);
    ~HistoryTab() override;

    void load(const std::string& caseId);
    [[nodiscard]] const std::vector<core::cases::HistoryEntry>& entries() const;

private:
    std::unique_ptr<Ui::HistoryTab> m_ui;
    DatabaseWorker& m_database;
    std::string m_caseId;
    std::vector<core::cases::HistoryEntry> m_entries;
};

} // namespace cms::ui
