#include "ui/CaseRowsTab.h"

#include "ui/CaseFeed.h"
#include "ui/CaseRowDialog.h"
#include "ui/ConflictDialog.h"
#include "ui/DatabaseWorker.h"
#include "ui/FieldLabels.h"
#include "ui_CaseRowsTab.h"

#include <QHeaderView>
#include <QMessageBox>

namespace cms::ui {

namespace {

using core::cases::CaseRow;
using core::cases::Choice;
using ChoiceMap = std::map<std::string, std::vector<Choice>>;

} // namespace

CaseRowsTab::CaseRowsTab(
    CaseFeed& feed, DatabaseWorker* database, const core::cases::CaseRowSpec& spec, bool mayEdit, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CaseRowsTab>())
    , m_feed(feed)
    , m_database(database)
    , m_spec(spec)
{
    m_ui->setupUi(this);
    m_ui->tableWidget->setColumnCount(static_cast<int>(spec.columns.size()));
    QStringList headers;
    for (const auto& column : spec.columns) {
        headers << QString::fromUtf8(column.label);
    }
    m_ui->tableWidget->setHorizontalHeaderLabels(headers);
    m_ui->tableWidget->horizontalHeader()->setStretchLastSection(true);
    m_ui->tableWidget->verticalHeader()->hide();
    m_ui->tableWidget->setAccessibleName(FieldLabels::of(spec.table));
    m_ui->problemLabel->hide();
    // Offline rows are added, edited and removed in the cache and the outbox; the sync sends them.
    for (QPushButton* button : {m_ui->addButton, m_ui->editButton, m_ui->removeButton}) {
        button->setVisible(mayEdit && (database != nullptr || feed.isOffline()));
    }
    connect(m_ui->addButton, &QPushButton::clicked, this, [this] { openDialog(true); });
    connect(m_ui->editButton, &QPushButton::clicked, this, [this] { openDialog(false); });
    connect(m_ui->removeButton, &QPushButton::clicked, this, [this] { removeSelected(); });
    connect(m_ui->tableWidget, &QTableWidget::activated, this, [this, mayEdit] {
        if (mayEdit && (m_database != nullptr || m_feed.isOffline())) {
            openDialog(false);
        }
    });
}

CaseRowsTab::~CaseRowsTab() = default;

const std::vector<CaseRow>& CaseRowsTab::rows() const
{
    return m_rows;
}

void CaseRowsTab::load(const std::string& caseId)
{
    m_caseId = caseId;
    m_feed.caseRows(this, m_spec, caseId, [this](Result<CaseRowsLoaded> loaded) {
        if (!loaded) {
            showProblem(QString::fromStdString(loaded.error().message));
            return;
        }
        show(std::move(loaded->rows), std::move(loaded->choices));
    });
}

QString CaseRowsTab::displayed(const core::cases::ColumnSpec& column, const std::string& value) const
{
    if (const auto offered = m_choices.find(column.name); offered != m_choices.end()) {
        for (const auto& choice : offered->second) {
            if (choice.value == value) {
                return QString::fromStdString(choice.label);
            }
        }
    }
    return QString::fromStdString(value);
}

void CaseRowsTab::show(std::vector<CaseRow> rows, ChoiceMap choices)
{
    m_rows = std::move(rows);
    m_choices = std::move(choices);
    auto* table = m_ui->tableWidget;
    table->setRowCount(static_cast<int>(m_rows.size()));
    for (int r = 0; r < table->rowCount(); ++r) {
        const auto& row = m_rows[static_cast<std::size_t>(r)];
        for (int c = 0; c < table->columnCount(); ++c) {
            const auto& column = m_spec.columns[static_cast<std::size_t>(c)];
            table->setItem(r, c, new QTableWidgetItem(displayed(column, row.value(column.name))));
        }
    }
    table->resizeColumnsToContents();
    m_ui->editButton->setEnabled(!m_rows.empty());
    m_ui->removeButton->setEnabled(!m_rows.empty());
    showProblem({});
}

CaseRowDialog* CaseRowsTab::openDialog(bool forNewRow)
{
    const int current = m_ui->tableWidget->currentRow();
    if (!forNewRow && (current < 0 || current >= static_cast<int>(m_rows.size()))) {
        showProblem(tr("Choose the %1 to edit first.").arg(QString::fromUtf8(m_spec.singular)));
        return nullptr;
    }
    const CaseRow row = forNewRow ? CaseRow{} : m_rows[static_cast<std::size_t>(current)];
    auto* dialog = new CaseRowDialog(m_spec, row, m_choices, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] { write(row, dialog->row()); });
    dialog->open();
    return dialog;
}

void CaseRowsTab::write(const CaseRow& base, const CaseRow& row)
{
    using core::cases::RowConflict;
    using core::cases::RowSaveOutcome;
    auto onWritten = [this, base, row](Result<RowSaveOutcome> written) {
        if (!written) {
            showProblem(QString::fromStdString(written.error().message));
            return;
        }
        if (const auto* conflict = std::get_if<RowConflict>(&*written)) {
            auto* dialog = new ConflictDialog(m_spec.singular, *conflict, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, dialog, conflict = *conflict, base, row] {
                // Saved again on top of the row as it is now.
                const auto resolved = core::cases::CaseRows::resolve(m_spec, conflict, base, row, dialog->choices());
                write(conflict.current, resolved);
            });
            dialog->open();
            return;
        }
        load(m_caseId);
        emit changed();
    };
    if (!row.id.empty()) {
        m_feed.saveRow(this, m_spec, m_caseId, base, row, std::move(onWritten));
        return;
    }
    m_feed.addRow(this, m_spec, m_caseId, row, std::move(onWritten));
}

void CaseRowsTab::removeSelected(bool askFirst)
{
    const int current = m_ui->tableWidget->currentRow();
    if (current < 0 || current >= static_cast<int>(m_rows.size())) {
        showProblem(tr("Choose the %1 to remove first.").arg(QString::fromUtf8(m_spec.singular)));
        return;
    }
    if (askFirst
        && QMessageBox::question(this,
                                 tr("Remove"),
                                 tr("Remove this %1 from the case? The audit trail keeps that it was there.")
                                     .arg(QString::fromUtf8(m_spec.singular)))
               != QMessageBox::Yes) {
        return;
    }
    m_feed.removeRow(this, m_spec, m_caseId, m_rows[static_cast<std::size_t>(current)], [this](Result<void> removed) {
        if (!removed) {
            showProblem(QString::fromStdString(removed.error().message));
            return;
        }
        load(m_caseId);
        emit changed();
    });
}

void CaseRowsTab::showProblem(const QString& text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

} // namespace cms::ui
