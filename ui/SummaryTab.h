#pragma once

#include "core/cases/CaseStore.h"

#include <QWidget>

#include <memory>

namespace Ui {
class SummaryTab;
}

namespace cms::ui {

class CaseFeed;

// The case's own fields: title, type, status (closing asks for the date and the reason; only a
// manager reopens, which the server enforces), dates, assignee, team, restriction, legal hold.
// Saving sends only what changed; if someone else saved meanwhile, ConflictDialog shows who,
// when and what, and the person chooses per field. A new case (empty id) is created on save.
class SummaryTab : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryTab(CaseFeed& feed, QWidget* parent = nullptr);
    ~SummaryTab() override;

    void showCase(const core::cases::CaseSummary& summary);
    [[nodiscard]] core::cases::CaseSummary edited() const;
    [[nodiscard]] bool hasUnsavedChanges() const;
    void save();
    void focusTitle();

signals:
    void saved(const core::cases::CaseSummary& summary);

private:
    void loadChoices();
    void followStatus();
    void showProblem(const QString& text);
    void saveResolved(const core::cases::CaseSummary& base, const core::cases::CaseSummary& edited);
    void handle(Result<core::cases::SaveOutcome> outcome, const core::cases::CaseSummary& edited);

    std::unique_ptr<Ui::SummaryTab> m_ui;
    CaseFeed& m_feed;
    core::cases::CaseSummary m_base;
    bool m_shown = false; // a case (or a new one) is in the fields
};

} // namespace cms::ui
