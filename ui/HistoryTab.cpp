#include "ui/HistoryTab.h"

#include "ui/DatabaseWorker.h"
#include "ui_HistoryTab.h"

#include <QHeaderView>

namespace cms::ui {

namespace {

// "row.update" on "cms.products" -> "Changed", "Products".
QString eventWords(const std::string& type)
{
    if (type == "row.insert") {
        return QObject::tr("Added");
    }
    if (type == "row.update") {
        return QObject::tr("Changed");
    }
    if (type == "row.delete") {
        return QObject::tr("Removed");
    }
    if (type == "pii.reveal") {
        return QObject::tr("Revealed personal information");
    }
    return QString::fromStdString(type);
}

QString objectWords(const std::string& object)
{
    QString text = QString::fromStdString(object.starts_with("cms.") ? object.substr(4) : object);
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

} // namespace

HistoryTab::HistoryTab(DatabaseWorker& database, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryTab>())
    , m_database(database)
{
    m_ui->setupUi(this);
    m_ui->tableWidget->setColumnCount(6);
    m_ui->tableWidget->setHorizontalHeaderLabels(
        {tr("When"), tr("Who"), tr("What"), tr("Part of the case"), tr("Fields"), tr("Outcome")});
    m_ui->tableWidget->horizontalHeader()->setStretchLastSection(true);
    m_ui->tableWidget->verticalHeader()->hide();
    m_ui->problemLabel->hide();
    connect(m_ui->refreshButton, &QPushButton::clicked, this, [this] { load(m_caseId); });
}

HistoryTab::~HistoryTab() = default;

const std::vector<core::cases::HistoryEntry>& HistoryTab::entries() const
{
    return m_entries;
}

void HistoryTab::load(const std::string& caseId)
{
    m_caseId = caseId;
    m_database.run<Result<std::vector<core::cases::HistoryEntry>>>(
        this,
        [caseId](const core::remote::PgConnection& connection) {
            return core::cases::CaseHistory::load(connection, caseId);
        },
        [this](Result<std::vector<core::cases::HistoryEntry>> entries) {
            m_ui->problemLabel->setVisible(!entries);
            if (!entries) {
                m_ui->problemLabel->setText(QString::fromStdString(entries.error().message));
                return;
            }
            m_entries = std::move(*entries);
            auto* table = m_ui->tableWidget;
            table->setRowCount(static_cast<int>(m_entries.size()));
            for (int r = 0; r < table->rowCount(); ++r) {
                const auto& entry = m_entries[static_cast<std::size_t>(r)];
                const QStringList cells{QString::fromStdString(entry.occurredAt),
                                        QString::fromStdString(entry.actor),
                                        eventWords(entry.eventType),
                                        objectWords(entry.objectType),
                                        QString::fromStdString(entry.changedColumns),
                                        QString::fromStdString(entry.outcome)};
                for (int c = 0; c < cells.size(); ++c) {
                    table->setItem(r, c, new QTableWidgetItem(cells[c]));
                }
            }
            table->resizeColumnsToContents();
        });
}

} // namespace cms::ui
