#pragma once

#include "core/cases/CaseRows.h"
#include "core/cases/CaseStore.h"
#include "core/sync/OutboxPusher.h"

#include <QDialog>

#include <map>
#include <string>

class QButtonGroup;

namespace cms::ui {

// Someone else saved the case meanwhile: who and when, which fields they changed, and for each
// field both changed the three values (before, theirs, mine) and a choice between the last two
// (theirs preselected: nothing of theirs is lost unless the person says so).
class ConflictDialog : public QDialog
{
    Q_OBJECT

public:
    ConflictDialog(const core::cases::SaveConflict& conflict, QWidget* parent = nullptr);
    // The same for a row of the case (a product, a sample...): `what` names it ("product").
    ConflictDialog(const char* what, const core::cases::RowConflict& conflict, QWidget* parent = nullptr);
    // An edit made offline met a change at the office when it was synced (issue: offline field
    // work); a row deleted there offers only to discard the edits of it.
    explicit ConflictDialog(const core::sync::PushConflict& conflict, QWidget* parent = nullptr);

    // Field -> keep mine.
    [[nodiscard]] std::map<std::string, bool> choices() const;
    void chooseMine(const std::string& field);

private:
    void build(const QString& intro,
               const std::vector<core::cases::FieldConflict>& conflicts,
               const QString& acceptText = {});

    std::map<std::string, QButtonGroup*> m_groups;
};

} // namespace cms::ui
