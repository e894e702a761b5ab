#include "ui/CaseRowDialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace cms::ui {

namespace {

using core::cases::ColumnKind;

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace

CaseRowDialog::CaseRowDialog(const core::cases::CaseRowSpec& spec,
                             const core::cases::CaseRow& row,
                             const std::map<std::string, std::vector<core::cases::Choice>>& choices,
                             QWidget* parent)
    : QDialog(parent)
    , m_spec(spec)
    , m_row(row)
{
    const QString what = QString::fromUtf8(spec.singular);
    setWindowTitle(row.id.empty() ? tr("Add %1").arg(what) : tr("Edit %1").arg(what));
    setAccessibleName(windowTitle());
    auto* form = new QFormLayout(this);
    for (const auto& column : spec.columns) {
        if (!column.editable) {
            continue;
        }
        const auto value = row.value(column.name);
        QWidget* editor = nullptr;
        switch (column.kind) {
        case ColumnKind::LongText: {
            auto* edit = new QPlainTextEdit(text(value));
            edit->setTabChangesFocus(true);
            edit->setMaximumHeight(90);
            editor = edit;
            break;
        }
        case ColumnKind::Date: {
            auto* edit =
                new QDateEdit(value.empty() ? QDate::currentDate() : QDate::fromString(text(value), Qt::ISODate));
            edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
            edit->setCalendarPopup(true);
            if (!column.required) { // an optional date may stay empty
                edit->setSpecialValueText(tr("(none)"));
                edit->setMinimumDate(QDate(1900, 1, 1));
                if (value.empty()) {
                    edit->setDate(edit->minimumDate());
                }
            }
            editor = edit;
            break;
        }
        case ColumnKind::Timestamp: {
            auto* edit = new QDateTimeEdit(
                value.empty() ? QDateTime::currentDateTime()
                              : QDateTime::fromString(text(value), QStringLiteral("yyyy-MM-dd HH:mm")));
            edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
            editor = edit;
            break;
        }
        case ColumnKind::Choice:
        case ColumnKind::Reference: {
            auto* box = new QComboBox;
            if (!column.required || column.kind == ColumnKind::Reference) {
                box->addItem(tr("(none)"), QString());
            }
            const auto offered = choices.find(column.name);
            if (offered != choices.end()) {
                for (const auto& choice : offered->second) {
                    box->addItem(text(choice.label), text(choice.value));
                }
            }
            const int index = box->findData(text(value));
            box->setCurrentIndex(index >= 0 ? index : 0);
            editor = box;
            break;
        }
        default:
            editor = new QLineEdit(text(value));
            break;
        }
        editor->setObjectName(text(column.name));
        editor->setAccessibleName(QString::fromUtf8(column.label));
        const QString label = QString::fromUtf8(column.label) + (column.required ? tr(" (required):") : tr(":"));
        auto* caption = new QLabel(label);
        caption->setBuddy(editor);
        form->addRow(caption, editor);
        m_editors[column.name] = editor;
    }
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    form->addRow(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CaseRowDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

core::cases::CaseRow CaseRowDialog::row() const
{
    core::cases::CaseRow row = m_row;
    for (const auto& [name, editor] : m_editors) {
        std::string value;
        if (const auto* line = qobject_cast<const QLineEdit*>(editor)) {
            value = line->text().trimmed().toStdString();
        } else if (const auto* plain = qobject_cast<const QPlainTextEdit*>(editor)) {
            value = plain->toPlainText().trimmed().toStdString();
        } else if (const auto* date = qobject_cast<const QDateEdit*>(editor)) {
            value = date->date() == date->minimumDate() && !date->specialValueText().isEmpty()
                        ? std::string()
                        : date->date().toString(Qt::ISODate).toStdString();
        } else if (const auto* stamp = qobject_cast<const QDateTimeEdit*>(editor)) {
            value = stamp->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString();
        } else if (const auto* box = qobject_cast<const QComboBox*>(editor)) {
            value = box->currentData().toString().toStdString();
        }
        row.values[name] = value;
    }
    return row;
}

void CaseRowDialog::setValue(const std::string& column, const QString& value)
{
    const auto found = m_editors.find(column);
    if (found == m_editors.end()) {
        return;
    }
    if (auto* line = qobject_cast<QLineEdit*>(found->second)) {
        line->setText(value);
    } else if (auto* plain = qobject_cast<QPlainTextEdit*>(found->second)) {
        plain->setPlainText(value);
    } else if (auto* date = qobject_cast<QDateEdit*>(found->second)) {
        date->setDate(QDate::fromString(value, Qt::ISODate));
    } else if (auto* box = qobject_cast<QComboBox*>(found->second)) {
        box->setCurrentIndex(std::max(0, box->findData(value)));
    }
}

void CaseRowDialog::accept()
{
    // The checks need no connection; the server checks again when it is saved.
    const auto candidate = row();
    const auto problem = core::cases::CaseRows::problem(m_spec, candidate);
    if (problem) {
        m_problem->setText(QString::fromStdString(*problem));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace cms::ui
