#include "ui/ConflictDialog.h"

#include "ui/FieldLabels.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <map>

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

// A synced table's rows in words.
QString rowKindOf(const std::string& table)
{
    static const std::map<std::string, const char*> kinds{{"cases", "case"},
                                                          {"products", "product"},
                                                          {"samples", "sample"},
                                                          {"people", "person"},
                                                          {"activities", "activity"},
                                                          {"determinations", "determination"},
                                                          {"corrective_actions", "corrective action"},
                                                          {"correspondence", "letter"}};
    const auto kind = kinds.find(table);
    return kind != kinds.end() ? QObject::tr(kind->second) : QString::fromStdString(table);
}

QString shown(const std::optional<std::string>& value)
{
    return value ? QString::fromStdString(*value) : QObject::tr("(empty)");
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

ConflictDialog::ConflictDialog(const core::sync::PushConflict& conflict, QWidget* parent)
    : QDialog(parent)
{
    const QString kind = rowKindOf(conflict.table);
    const QString row = QString::fromStdString(conflict.rowId).toHtmlEscaped();
    if (conflict.kind == "insert") {
        setWindowTitle(tr("The office refused a %1 added offline").arg(kind));
        build(tr("<p>The server refused the %1 you added on this computer: %2</p>"
                 "<p>It cannot be sent as it is. Discard it (with your edits of it; add it again if it "
                 "should be added another way), or leave it waiting on this computer for now: the "
                 "changes after it wait too.</p>")
                  .arg(kind.toHtmlEscaped(), QString::fromStdString(conflict.refusal).toHtmlEscaped()),
              {},
              tr("Discard it"));
        return;
    }
    if (conflict.kind == "delete" && !conflict.refusal.empty()) {
        setWindowTitle(tr("The office refused a removal made offline"));
        build(tr("<p>The server refused your removal of this %1 (%2): %3</p>"
                 "<p>Discard the removal (the %1 stays as the office has it), or leave it waiting on this "
                 "computer for now: the changes after it wait too.</p>")
                  .arg(kind.toHtmlEscaped(), row, QString::fromStdString(conflict.refusal).toHtmlEscaped()),
              {},
              tr("Discard my removal"));
        return;
    }
    if (conflict.kind == "delete" && conflict.serverVersion) {
        setWindowTitle(tr("A %1 you removed offline was changed at the office").arg(kind));
        QStringList changes;
        for (const auto& field : conflict.fields) {
            changes << tr("%1: %2 → %3")
                           .arg(FieldLabels::of(field.field), shown(field.base), shown(field.theirs))
                           .toHtmlEscaped();
        }
        build(tr("<p>You removed this %1 (%2) on this computer, and it was changed at the office "
                 "meanwhile:</p><p>%3</p><p>Nothing has been sent yet. Remove it all the same, or keep "
                 "it as the office has it.</p>")
                  .arg(kind.toHtmlEscaped(), row, changes.join(QStringLiteral("<br>"))),
              {{core::sync::PushConflict::kRemoveAnyway,
                tr("as it was here").toStdString(),
                tr("remove it").toStdString(),
                tr("keep it as the office has it").toStdString()}},
              tr("Do this and sync"));
        return;
    }
    if (!conflict.refusal.empty()) {
        setWindowTitle(tr("The office refused an edit made offline"));
        build(tr("<p>The server refused your edit of this %1 (%2): %3</p>"
                 "<p>It cannot be sent as it is. Discard it (the office's values stay; make the change "
                 "again if it should be made another way), or leave it waiting on this computer for now: "
                 "the edits after it wait too.</p>")
                  .arg(kind.toHtmlEscaped(), row, QString::fromStdString(conflict.refusal).toHtmlEscaped()),
              {},
              tr("Discard my edit"));
        return;
    }
    if (!conflict.serverVersion) {
        setWindowTitle(tr("A %1 you edited offline is gone").arg(kind));
        build(tr("<p>This %1 (%2) was deleted at the office, or you may no longer see it, while you "
                 "edited it on this computer. Your edits of it cannot be sent.</p>"
                 "<p>Discard them, or leave them waiting on this computer for now.</p>")
                  .arg(kind.toHtmlEscaped(), row),
              {},
              tr("Discard my edits"));
        return;
    }
    setWindowTitle(tr("An edit made offline meets a change at the office"));
    std::vector<core::cases::FieldConflict> fields;
    for (const auto& field : conflict.fields) {
        fields.push_back({field.field,
                          shown(field.base).toStdString(),
                          shown(field.mine).toStdString(),
                          shown(field.theirs).toStdString()});
    }
    build(tr("<p>You changed this %1 (%2) on this computer while it was changed at the office.</p>"
             "<p>Nothing has been sent yet. Where you both changed a field, choose which value to "
             "keep; the office's other changes are kept.</p>")
              .arg(kind.toHtmlEscaped(), row),
          fields,
          tr("Keep these and sync"));
}

void ConflictDialog::build(const QString& introText,
                           const std::vector<core::cases::FieldConflict>& conflicts,
                           const QString& acceptText)
{
    setAccessibleName(windowTitle());
    setMinimumWidth(460);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(introText);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const auto& field : conflicts) {
        auto* box = new QGroupBox(FieldLabels::of(field.field));
        box->setObjectName(QString::fromStdString(field.field));
        auto* boxLayout = new QVBoxLayout(box);
        auto* before = new QLabel(tr("Before: %1").arg(QString::fromStdString(field.base)));
        before->setObjectName(QStringLiteral("base"));
        before->setTextFormat(Qt::PlainText);
        boxLayout->addWidget(before);
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
    if (!acceptText.isEmpty()) {
        buttons->button(QDialogButtonBox::Save)->setText(acceptText);
        buttons->button(QDialogButtonBox::Cancel)->setText(tr("Decide later"));
    }
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
