#include "ui/ConflictDialog.h"

#include "ui/FieldLabels.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace cms::ui {

namespace {

QString labelsOf(const std::vector<std::string>& fields)
{
    QStringList labels;
    for (const auto& field : fields) {
        labels << FieldLabels::of(field);
    }
    return labels.join(QStringLiteral(", "));
}

} // namespace

ConflictDialog::ConflictDialog(const core::cases::SaveConflict& conflict, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("The case changed meanwhile"));
    build(tr("<p><b>%1</b> saved this case at %2 while you were editing it, and changed: %3.</p>"
             "<p>Nothing has been saved yet. Their other changes are kept; where you both "
             "changed a field, choose which value to keep.</p>")
              .arg(QString::fromStdString(conflict.current.updatedBy).toHtmlEscaped(),
                   QString::fromStdString(conflict.current.updatedAt),
                   labelsOf(conflict.changedByThem).toHtmlEscaped()),
          conflict.conflicts);
}

ConflictDialog::ConflictDialog(const char* what, const core::cases::RowConflict& conflict, QWidget* parent)
    : QDialog(parent)
{
    const QString thing = QString::fromUtf8(what);
    setWindowTitle(tr("The %1 changed meanwhile").arg(thing));
    build(tr("<p>Someone else saved this %1 while you were editing it, and changed: %2.</p>"
             "<p>Nothing has been saved yet. Their other changes are kept; where you both "
             "changed a field, choose which value to keep.</p>")
              .arg(thing.toHtmlEscaped(), labelsOf(conflict.changedByThem).toHtmlEscaped()),
          conflict.conflicts);
}

void ConflictDialog::build(const QString& introText, const std::vector<core::cases::FieldConflict>& conflicts)
{
    setAccessibleName(windowTitle());
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(introText);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const auto& field : conflicts) {
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
