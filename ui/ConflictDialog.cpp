#include "ui/ConflictDialog.h"

#include "ui/FieldLabels.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace cms::ui {

ConflictDialog::ConflictDialog(const core::cases::SaveConflict& conflict, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("The case changed meanwhile"));
    setAccessibleName(windowTitle());
    auto* layout = new QVBoxLayout(this);
    QStringList changed;
    for (const auto& field : conflict.changedByThem) {
        changed << FieldLabels::of(field);
    }
    auto* intro = new QLabel(tr("<p><b>%1</b> saved this case at %2 while you were editing it, and changed: %3.</p>"
                                "<p>Nothing has been saved yet. Their other changes are kept; where you both "
                                "changed a field, choose which value to keep.</p>")
                                 .arg(QString::fromStdString(conflict.current.updatedBy).toHtmlEscaped(),
                                      QString::fromStdString(conflict.current.updatedAt),
                                      changed.join(QStringLiteral(", ")).toHtmlEscaped()));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const auto& field : conflict.conflicts) {
        auto* box = new QGroupBox(FieldLabels::of(field.field));
        box->setObjectName(QString::fromStdString(field.field));
        auto* boxLayout = new QVBoxLayout(box);
        auto* theirs = new QRadioButton(tr("Theirs: %1").arg(QString::fromStdString(field.theirs)));
        auto* mine = new QRadioButton(tr("Mine: %1").arg(QString::fromStdString(field.mine)));
        theirs->setObjectName(QStringLiteral("theirs"));
        mine->setObjectName(QStringLiteral("mine"));
        theirs->setChecked(true);
        auto* group = new QButtonGroup(box);
        group->addButton(theirs, 0);
        group->addButton(mine, 1);
        boxLayout->addWidget(theirs);
        boxLayout->addWidget(mine);
        layout->addWidget(box);
        m_groups[field.field] = group;
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

std::map<std::string, bool> ConflictDialog::choices() const
{
    std::map<std::string, bool> keepMine;
    for (const auto& [field, group] : m_groups) {
        keepMine[field] = group->checkedId() == 1;
    }
    return keepMine;
}

void ConflictDialog::chooseMine(const std::string& field)
{
    if (const auto found = m_groups.find(field); found != m_groups.end()) {
        found->second->button(1)->setChecked(true);
    }
}

} // namespace cms::ui
