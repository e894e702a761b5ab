#include "ui/PeopleTab.h"

#include "ui/CaseFeed.h"
#include "ui/DatabaseWorker.h"
#include "ui/FieldLabels.h"
#include "ui_PeopleTab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>

namespace cms::ui {

namespace {

using core::cases::kPiiFields;

constexpr int kFirstPiiColumn = 2; // Kind, Source, then the PII fields, then Declined

template <std::size_t N>
QComboBox* enumBox(const std::array<const char*, N>& values, const std::string& current, const QString& accessible)
{
    auto* box = new QComboBox;
    box->setAccessibleName(accessible);
    for (const char* value : values) {
        box->addItem(FieldLabels::of(value), QString::fromLatin1(value));
    }
    box->setCurrentIndex(std::max(0, box->findData(QString::fromStdString(current))));
    return box;
}

} // namespace

PeopleTab::PeopleTab(CaseFeed& feed, DatabaseWorker& database, Rights rights, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::PeopleTab>())
    , m_feed(feed)
    , m_database(database)
    , m_rights(rights)
{
    m_ui->setupUi(this);
    QStringList headers{tr("Kind"), tr("Source")};
    for (const char* field : kPiiFields) {
        headers << FieldLabels::of(field);
    }
    headers << tr("Declined to give");
    m_ui->tableWidget->setColumnCount(static_cast<int>(headers.size()));
    m_ui->tableWidget->setHorizontalHeaderLabels(headers);
    m_ui->tableWidget->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_ui->tableWidget->horizontalHeader()->setStretchLastSection(true);
    m_ui->tableWidget->verticalHeader()->hide();
    m_ui->problemLabel->hide();
    m_ui->addButton->setVisible(rights.mayEdit);
    m_ui->editButton->setVisible(rights.mayEdit);
    m_ui->revealButton->setVisible(rights.piiHolder);
    m_ui->correctButton->setVisible(rights.mayCorrect);
    connect(m_ui->revealButton, &QPushButton::clicked, this, &PeopleTab::revealCurrent);
    connect(m_ui->addButton, &QPushButton::clicked, this, [this] { openPersonDialog(true); });
    connect(m_ui->editButton, &QPushButton::clicked, this, [this] { openPersonDialog(false); });
    connect(m_ui->correctButton, &QPushButton::clicked, this, &PeopleTab::openCorrectionDialog);
}

PeopleTab::~PeopleTab() = default;

const std::vector<core::cases::CasePerson>& PeopleTab::people() const
{
    return m_people;
}

void PeopleTab::load(const std::string& caseId)
{
    m_caseId = caseId;
    m_feed.casePeople(this, caseId, [this](Result<std::vector<core::cases::CasePerson>> people) {
        if (!people) {
            showProblem(QString::fromStdString(people.error().message));
            return;
        }
        show(std::move(*people));
    });
}

void PeopleTab::show(std::vector<core::cases::CasePerson> people)
{
    m_people = std::move(people);
    auto* table = m_ui->tableWidget;
    table->setRowCount(static_cast<int>(m_people.size()));
    for (int r = 0; r < table->rowCount(); ++r) {
        const auto& person = m_people[static_cast<std::size_t>(r)];
        table->setItem(r, 0, new QTableWidgetItem(FieldLabels::of(person.kind)));
        table->setItem(r, 1, new QTableWidgetItem(FieldLabels::of(person.source)));
        for (std::size_t f = 0; f < kPiiFields.size(); ++f) {
            const bool declined = std::ranges::find(person.declined, kPiiFields[f]) != person.declined.end();
            auto* item = new QTableWidgetItem(declined ? tr("(declined)") : QString::fromStdString(person.masked[f]));
            item->setToolTip(declined ? tr("The person declined to give it.") : tr("Masked"));
            table->setItem(r, kFirstPiiColumn + static_cast<int>(f), item);
        }
        QStringList declined;
        for (const auto& field : person.declined) {
            declined << FieldLabels::of(field);
        }
        table->setItem(r, table->columnCount() - 1, new QTableWidgetItem(declined.join(QStringLiteral(", "))));
    }
    table->resizeColumnsToContents();
    showProblem({});
}

void PeopleTab::revealCurrent()
{
    const auto* item = m_ui->tableWidget->currentItem();
    const int column = item != nullptr ? item->column() - kFirstPiiColumn : -1;
    if (column < 0 || column >= static_cast<int>(kPiiFields.size())) {
        showProblem(tr("Choose the field to reveal (a name, title, email, phone or address cell) first."));
        return;
    }
    reveal(item->row(), kPiiFields[static_cast<std::size_t>(column)]);
}

void PeopleTab::reveal(int row, const std::string& field)
{
    if (!m_rights.piiHolder || row < 0 || row >= static_cast<int>(m_people.size())) {
        return;
    }
    const auto fieldIndex = std::ranges::find(kPiiFields, field) - kPiiFields.begin();
    m_feed.revealPii(this,
                     m_caseId,
                     m_people[static_cast<std::size_t>(row)].id,
                     field,
                     [this, row, fieldIndex](Result<std::string> value) {
                         if (!value) {
                             showProblem(QString::fromStdString(value.error().message));
                             return;
                         }
                         auto* item = m_ui->tableWidget->item(row, kFirstPiiColumn + static_cast<int>(fieldIndex));
                         if (item != nullptr) {
                             item->setText(QString::fromStdString(*value));
                             item->setToolTip(tr("Revealed (recorded in the audit trail)"));
                         }
                     });
}

void PeopleTab::openPersonDialog(bool forNew)
{
    const int row = m_ui->tableWidget->currentRow();
    if (!forNew && (row < 0 || row >= static_cast<int>(m_people.size()))) {
        showProblem(tr("Choose the person to edit first."));
        return;
    }
    const core::cases::CasePerson current =
        forNew ? core::cases::CasePerson{} : m_people[static_cast<std::size_t>(row)];
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(forNew ? tr("Add a person") : tr("Edit the person"));
    dialog->setAccessibleName(dialog->windowTitle());
    auto* form = new QFormLayout(dialog);
    auto* kind = enumBox(core::cases::kPersonKinds, current.kind, tr("Kind"));
    auto* source = enumBox(core::cases::kRecordSources, current.source, tr("Source of the record"));
    form->addRow(tr("&Kind:"), kind);
    form->addRow(tr("&Source:"), source);
    std::vector<QCheckBox*> declined;
    std::vector<QLineEdit*> pii;
    for (const char* field : kPiiFields) {
        auto* box = new QCheckBox(tr("Declined to give: %1").arg(FieldLabels::of(field)));
        box->setChecked(std::ranges::find(current.declined, field) != current.declined.end());
        declined.push_back(box);
        if (forNew) {
            auto* edit = new QLineEdit;
            edit->setAccessibleName(FieldLabels::of(field));
            edit->setEnabled(m_rights.piiHolder); // only PII-holders enter PII
            pii.push_back(edit);
            form->addRow(FieldLabels::of(field) + QStringLiteral(":"), edit);
        }
        form->addRow(box);
    }
    auto* problem = new QLabel;
    problem->setWordWrap(true);
    problem->hide();
    form->addRow(problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [=, this] {
        core::cases::NewPerson person{
            kind->currentData().toString().toStdString(), source->currentData().toString().toStdString(), {}, {}};
        for (std::size_t f = 0; f < kPiiFields.size(); ++f) {
            if (declined[f]->isChecked()) {
                person.declined.emplace_back(kPiiFields[f]);
            }
            if (forNew) {
                person.pii[f] = pii[f]->text().trimmed().toStdString();
                if (auto wrong = core::cases::CasePeople::problem(kPiiFields[f], person.pii[f])) {
                    problem->setText(QString::fromStdString(*wrong));
                    problem->show();
                    return;
                }
            }
        }
        if (forNew) {
            addPerson(person);
        } else {
            auto edited = current;
            edited.kind = person.kind;
            edited.source = person.source;
            edited.declined = person.declined;
            m_feed.updatePerson(this, m_caseId, current, edited, [this](Result<void> updated) {
                if (!updated) {
                    showProblem(QString::fromStdString(updated.error().message));
                }
                load(m_caseId);
                emit changed();
            });
        }
        dialog->accept();
    });
    dialog->open();
}

void PeopleTab::addPerson(const core::cases::NewPerson& person)
{
    m_feed.addPerson(this, m_caseId, person, [this](Result<std::string> added) {
        if (!added) {
            showProblem(QString::fromStdString(added.error().message));
            return;
        }
        load(m_caseId);
        emit changed();
    });
}

void PeopleTab::openCorrectionDialog()
{
    const int row = m_ui->tableWidget->currentRow();
    if (row < 0 || row >= static_cast<int>(m_people.size())) {
        showProblem(tr("Choose the person whose information to correct first."));
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Correct personal information"));
    dialog->setAccessibleName(dialog->windowTitle());
    auto* form = new QFormLayout(dialog);
    auto* field = new QComboBox;
    field->setAccessibleName(tr("Field"));
    for (const char* name : kPiiFields) {
        field->addItem(FieldLabels::of(name), QString::fromUtf8(name));
    }
    auto* value = new QLineEdit;
    value->setAccessibleName(tr("Corrected value"));
    auto* reason = new QLineEdit;
    reason->setAccessibleName(tr("Reason"));
    auto* history = new QListWidget;
    history->setAccessibleName(tr("Corrections made"));
    form->addRow(tr("&Field:"), field);
    form->addRow(tr("Corrected &value:"), value);
    form->addRow(tr("&Reason (required):"), reason);
    form->addRow(tr("Corrections made:"), history);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    const auto person = m_people[static_cast<std::size_t>(row)].id;
    if (m_feed.isOffline()) {
        history->addItem(tr("Offline: the corrections made are kept at the office. This one is applied at the next "
                            "sync if the office's value is still the one you see."));
    }
    m_database.run<Result<std::vector<core::cases::PiiCorrection>>>(
        history,
        [person](const core::remote::PgConnection& connection) {
            return core::cases::CasePeople(connection).corrections(person);
        },
        [history](Result<std::vector<core::cases::PiiCorrection>> made) {
            for (const auto& correction : made ? *made : std::vector<core::cases::PiiCorrection>{}) {
                history->addItem(tr("%1 — %2 by %3: %4")
                                     .arg(QString::fromStdString(correction.correctedAt),
                                          FieldLabels::of(correction.field),
                                          QString::fromStdString(correction.correctedBy),
                                          QString::fromStdString(correction.reason)));
            }
        });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [=, this] {
        correct(row,
                field->currentData().toString().toStdString(),
                value->text().trimmed().toStdString(),
                reason->text().trimmed().toStdString());
        dialog->accept();
    });
    dialog->open();
}

void PeopleTab::correct(int row, const std::string& field, const std::string& value, const std::string& reason)
{
    if (row < 0 || row >= static_cast<int>(m_people.size())) {
        return;
    }
    m_feed.correctPii(this,
                      m_caseId,
                      m_people[static_cast<std::size_t>(row)].id,
                      field,
                      value,
                      reason,
                      [this](Result<void> corrected) {
                          if (!corrected) {
                              showProblem(QString::fromStdString(corrected.error().message));
                              return;
                          }
                          load(m_caseId);
                          emit changed();
                      });
}

void PeopleTab::showProblem(const QString& text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

} // namespace cms::ui
