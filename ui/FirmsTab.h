#pragma once

#include "core/cases/CaseFirms.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace Ui {
class FirmsTab;
}

namespace cms::ui {

class CaseFeed;

// The firms of a case and their role. Adding one offers the firms already on record whose name
// matches what is typed (firms are shared between cases), or records a new one. Offline the firms
// on record are those the cache holds, and a new firm needs the network (CaseFeed).
class FirmsTab : public QWidget
{
    Q_OBJECT

public:
    // The firms come from `feed` and changes go through it (offline: the cache and its outbox).
    FirmsTab(CaseFeed& feed, bool mayEdit, QWidget* parent = nullptr);
    ~FirmsTab() override;

    void load(const std::string& caseId);
    [[nodiscard]] const std::vector<core::cases::CaseFirm>& firms() const;
    // What the Add dialog does once filled in: an existing firm (its id) or a new one.
    void addFirm(const std::string& firmId,
                 const std::string& name,
                 const std::string& city,
                 const std::string& country,
                 const std::string& role);
    void removeSelected();

signals:
    void changed();

private:
    void openAddDialog();
    void showProblem(const QString& text);

    std::unique_ptr<Ui::FirmsTab> m_ui;
    CaseFeed& m_feed;
    std::string m_caseId;
    std::vector<core::cases::CaseFirm> m_firms;
};

} // namespace cms::ui
