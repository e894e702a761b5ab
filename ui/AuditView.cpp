#include "ui/AuditView.h"

#include "ui/DatabaseWorker.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>

#include <memory>

namespace cms::ui {

namespace {

QString askSavePathInDialog(QWidget* parent)
{
    return QFileDialog::getSaveFileName(
        parent, QObject::tr("Export audit events"), QStringLiteral("audit-events.csv"), QObject::tr("CSV (*.csv)"));
}

QLineEdit* filterField(const char* name, const QString& accessible, const QString& placeholder = {})
{
    auto* field = new QLineEdit;
    field->setObjectName(QString::fromLatin1(name));
    field->setAccessibleName(accessible);
    field->setPlaceholderText(placeholder);
    field->setClearButtonEnabled(true);
    return field;
}

} // namespace

AuditView::AuditView(DatabaseWorker& database, SavePathPrompt askSavePath, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_askSavePath(askSavePath ? std::move(askSavePath) : SavePathPrompt(askSavePathInDialog))
{
    setObjectName(QStringLiteral("auditView"));
    setAccessibleName(tr("Audit trail"));
    m_person = filterField("auditPerson", tr("Person"), tr("login, e.g. oortega"));
    m_case = filterField("auditCase", tr("Case"), tr("case id"));
    m_type = filterField("auditType", tr("Event type"), tr("e.g. case.open, or auth for all sign-in events"));
    m_from = filterField("auditFrom", tr("From (UTC)"), tr("YYYY-MM-DD"));
    m_to = filterField("auditTo", tr("To (UTC)"), tr("YYYY-MM-DD"));
    auto* searchButton = new QPushButton(tr("&Search"));
    searchButton->setObjectName(QStringLiteral("auditSearch"));
    searchButton->setDefault(true);

    auto* filters = new QFormLayout;
    filters->addRow(tr("&Person:"), m_person);
    filters->addRow(tr("&Case:"), m_case);
    filters->addRow(tr("Event &type:"), m_type);
    auto* days = new QHBoxLayout;
    days->addWidget(m_from);
    days->addWidget(new QLabel(tr("to")));
    days->addWidget(m_to);
    days->addWidget(searchButton);
    auto* daysLabel = new QLabel(tr("&Days (UTC):"));
    daysLabel->setBuddy(m_from);
    filters->addRow(daysLabel, days);

    m_table = new QTableWidget(0, 8);
    m_table->setObjectName(QStringLiteral("auditEvents"));
    m_table->setAccessibleName(tr("Audit events"));
    m_table->setHorizontalHeaderLabels({tr("Time (UTC)"),
                                        tr("Received (UTC)"),
                                        tr("Person"),
                                        tr("Event"),
                                        tr("Outcome"),
                                        tr("Object"),
                                        tr("Case"),
                                        tr("Details")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    m_open = new QPushButton(tr("&Open case"));
    m_open->setObjectName(QStringLiteral("auditOpenCase"));
    m_open->setEnabled(false);
    m_export = new QPushButton(tr("&Export CSV…"));
    m_export->setObjectName(QStringLiteral("auditExport"));
    m_export->setEnabled(false);
    m_status = new QLabel(tr("Choose what to look for, then Search. Searches are recorded."));
    m_status->setObjectName(QStringLiteral("auditStatus"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_open);
    actions->addWidget(m_export);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);

    connect(searchButton, &QPushButton::clicked, this, &AuditView::search);
    for (auto* field : {m_person, m_case, m_type, m_from, m_to}) {
        connect(field, &QLineEdit::returnPressed, this, &AuditView::search);
    }
    connect(m_open, &QPushButton::clicked, this, &AuditView::openSelectedCase);
    connect(m_export, &QPushButton::clicked, this, &AuditView::exportShown);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_table->currentRow();
        m_open->setEnabled(row >= 0 && row < static_cast<int>(m_events.size()) && !m_events[row].caseId.empty());
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &AuditView::openSelectedCase);
}

core::audit::AuditFilter AuditView::filter() const
{
    return {m_person->text().trimmed().toStdString(),
            m_case->text().trimmed().toUpper().toStdString(),
            m_type->text().trimmed().toStdString(),
            m_from->text().trimmed().toStdString(),
            m_to->text().trimmed().toStdString()};
}

void AuditView::search()
{
    const auto asked = filter();
    m_status->setText(tr("Searching…"));
    using Found = Result<std::vector<core::audit::AuditEvent>>;
    m_database.run<Found>(
        this,
        [asked](const core::remote::PgConnection& connection) {
            return core::audit::AuditSearch(connection).find(asked);
        },
        [this, asked](Found found) {
            if (!found) {
                say(tr("The search failed: %1").arg(QString::fromStdString(found.error().message)));
                return;
            }
            show(asked, std::move(*found));
        });
}

void AuditView::show(const core::audit::AuditFilter& filter, std::vector<core::audit::AuditEvent> events)
{
    m_shownFilter = filter;
    m_events = std::move(events);
    m_table->setRowCount(static_cast<int>(m_events.size()));
    for (int row = 0; row < static_cast<int>(m_events.size()); ++row) {
        const auto& event = m_events[row];
        const QString object = event.objectId.empty() ? QString::fromStdString(event.objectType)
                                                      : QString::fromStdString(event.objectType + " " + event.objectId);
        int column = 0;
        for (const QString& text : {QString::fromStdString(event.occurredAt),
                                    QString::fromStdString(event.receivedAt),
                                    QString::fromStdString(event.actor),
                                    QString::fromStdString(event.eventType),
                                    QString::fromStdString(event.outcome),
                                    object,
                                    QString::fromStdString(event.caseId),
                                    QString::fromStdString(event.details)}) {
            m_table->setItem(row, column++, new QTableWidgetItem(text));
        }
    }
    m_table->resizeColumnsToContents();
    m_export->setEnabled(!m_events.empty());
    m_open->setEnabled(false);
    const auto count = static_cast<int>(m_events.size());
    say(count == filter.limit ? tr("The newest %1 events: narrow the search to see older ones.").arg(count)
                              : tr("%n event(s) found.", nullptr, count));
}

void AuditView::openSelectedCase()
{
    const int row = m_table->currentRow();
    if (row >= 0 && row < static_cast<int>(m_events.size()) && !m_events[row].caseId.empty()) {
        emit openCaseRequested(QString::fromStdString(m_events[row].caseId));
    }
}

void AuditView::exportShown()
{
    if (m_events.empty()) {
        return;
    }
    const QString path = m_askSavePath(this);
    if (path.isEmpty()) {
        return;
    }
    // The export goes on record first: an export that cannot be recorded is not written.
    const auto exported = m_shownFilter;
    const auto rows = m_events.size();
    auto csv = std::make_shared<std::string>(core::audit::AuditSearch::csvOf(m_events));
    using Recorded = Result<void>;
    m_database.run<Recorded>(
        this,
        [exported, rows](const core::remote::PgConnection& connection) {
            return core::audit::AuditSearch(connection).recordExport(exported, rows);
        },
        [this, path, rows, csv](Recorded recorded) {
            if (!recorded) {
                say(tr("Nothing was exported: the export could not be recorded (%1).")
                        .arg(QString::fromStdString(recorded.error().message)));
                return;
            }
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)
                || file.write(csv->data(), static_cast<qint64>(csv->size())) != static_cast<qint64>(csv->size())
                || !file.commit()) {
                say(tr("The export could not be written to %1: %2").arg(path, file.errorString()));
                return;
            }
            // Readable by the person only, like the rest of what they keep.
            QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            say(tr("Exported %n event(s) to %1.", nullptr, static_cast<int>(rows)).arg(path));
        });
}

const std::vector<core::audit::AuditEvent>& AuditView::shown() const
{
    return m_events;
}

void AuditView::say(const QString& outcome)
{
    m_status->setText(outcome);
    emit finished(outcome);
}

} // namespace cms::ui
