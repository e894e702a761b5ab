#include "ui/HardCopiesView.h"

#include "core/model/CaseId.h"
#include "ui/DatabaseWorker.h"

#include <QCheckBox>
#include <QDate>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cms::ui {

namespace {

using Copies = Result<std::vector<core::print::HardCopy>>;

QString shownId(const std::string& caseId)
{
    return QString::fromStdString(core::model::CaseId::displayOf(caseId));
}

QString joined(const std::vector<std::string>& values)
{
    QStringList list;
    for (const auto& value : values) {
        list << QString::fromStdString(value).replace(QLatin1Char('_'), QLatin1Char(' '));
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

HardCopiesView::HardCopiesView(DatabaseWorker& database, bool manager, int outstandingAfterDays, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_outstandingAfterDays(outstandingAfterDays)
{
    setAccessibleName(tr("Hard copies"));
    m_outstanding = new QCheckBox(tr("Everyone's copies held over %n day(s)", nullptr, outstandingAfterDays));
    m_outstanding->setObjectName(QStringLiteral("outstandingCheckBox"));
    m_outstanding->setVisible(manager);
    auto* refreshButton = new QPushButton(tr("&Refresh"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Copies of case files you made: mark each returned or destroyed when it is.")), 1);
    top->addWidget(m_outstanding);
    top->addWidget(refreshButton);

    m_table = new QTableWidget(0, 10);
    m_table->setObjectName(QStringLiteral("hardCopies"));
    m_table->setAccessibleName(tr("Hard copies"));
    m_table->setHorizontalHeaderLabels({tr("Case"),
                                        tr("Copy"),
                                        tr("Made (UTC)"),
                                        tr("Held by"),
                                        tr("Kind"),
                                        tr("Redacted"),
                                        tr("Leaves office"),
                                        tr("Status"),
                                        tr("Purpose"),
                                        tr("Sections")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    m_day = new QDateEdit(QDate::currentDate());
    m_day->setObjectName(QStringLiteral("settledOnDateEdit"));
    m_day->setAccessibleName(tr("On"));
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_day->setMaximumDate(QDate::currentDate());
    m_returned = new QPushButton(tr("Mark re&turned"));
    m_returned->setObjectName(QStringLiteral("markReturnedButton"));
    m_destroyed = new QPushButton(tr("Mark &destroyed"));
    m_destroyed->setObjectName(QStringLiteral("markDestroyedButton"));
    m_open = new QPushButton(tr("&Open case"));
    m_open->setObjectName(QStringLiteral("openCopyCase"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("hardCopiesStatus"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(new QLabel(tr("On:")));
    actions->addWidget(m_day);
    actions->addWidget(m_returned);
    actions->addWidget(m_destroyed);
    actions->addWidget(m_open);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);

    connect(refreshButton, &QPushButton::clicked, this, &HardCopiesView::refresh);
    connect(m_outstanding, &QCheckBox::toggled, this, &HardCopiesView::refresh);
    connect(m_returned, &QPushButton::clicked, this, [this] { settleSelected(QStringLiteral("returned")); });
    connect(m_destroyed, &QPushButton::clicked, this, [this] { settleSelected(QStringLiteral("destroyed")); });
    connect(m_open, &QPushButton::clicked, this, &HardCopiesView::openSelectedCase);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &HardCopiesView::openSelectedCase);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto* copy = selected();
        m_returned->setEnabled(copy != nullptr && copy->status == "held" && !m_outstanding->isChecked());
        m_destroyed->setEnabled(m_returned->isEnabled());
        m_open->setEnabled(copy != nullptr);
    });
    for (QPushButton* button : {m_returned, m_destroyed, m_open}) {
        button->setEnabled(false);
    }
    refresh();
}

const std::vector<core::print::HardCopy>& HardCopiesView::shown() const
{
    return m_copies;
}

void HardCopiesView::refresh()
{
    const bool everyone = m_outstanding->isChecked();
    m_database.run<Copies>(
        this,
        [everyone, days = m_outstandingAfterDays](const core::remote::PgConnection& connection) {
            const core::print::HardCopyRegister hardCopies(connection);
            return everyone ? hardCopies.outstanding(days) : hardCopies.mine();
        },
        [this](Copies copies) {
            if (!copies) {
                say(tr("The register could not be read: %1").arg(QString::fromStdString(copies.error().message)));
                return;
            }
            show(std::move(*copies));
        });
}

void HardCopiesView::show(std::vector<core::print::HardCopy> copies)
{
    m_copies = std::move(copies);
    m_table->setRowCount(static_cast<int>(m_copies.size()));
    int held = 0;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto& copy = m_copies[static_cast<std::size_t>(row)];
        held += copy.status == "held" ? 1 : 0;
        const QString status = copy.status == "held" ? tr("held")
                                                     : tr("%1 %2").arg(QString::fromStdString(copy.status),
                                                                       QString::fromStdString(copy.statusOn));
        const QStringList cells{shownId(copy.caseId),
                                QString::number(copy.copyNumber),
                                QString::fromStdString(copy.madeAt),
                                QString::fromStdString(copy.holder),
                                QString::fromStdString(copy.kind),
                                copy.redacted ? tr("yes") : tr("no: holds PII"),
                                copy.leavesOffice ? tr("yes") : tr("no"),
                                status,
                                QString::fromStdString(copy.purpose),
                                joined(copy.sections)};
        for (int column = 0; column < cells.size(); ++column) {
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
        }
    }
    m_table->resizeColumnsToContents();
    say(m_outstanding->isChecked() ? tr("%n copy(ies) held too long.", nullptr, static_cast<int>(m_copies.size()))
                                   : tr("%1 copies, %2 still held.").arg(m_copies.size()).arg(held));
}

const core::print::HardCopy* HardCopiesView::selected() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < static_cast<int>(m_copies.size()) ? &m_copies[static_cast<std::size_t>(row)] : nullptr;
}

void HardCopiesView::settleSelected(const QString& status)
{
    const auto* copy = selected();
    if (copy == nullptr) {
        say(tr("Choose the copy first."));
        return;
    }
    m_database.run<Result<void>>(
        this,
        [id = copy->id, status = status.toStdString(), on = m_day->date().toString(Qt::ISODate).toStdString()](
            const core::remote::PgConnection& connection) {
            return core::print::HardCopyRegister(connection).settle(id, status, on);
        },
        [this, number = copy->copyNumber, status](Result<void> settled) {
            if (!settled) {
                say(QString::fromStdString(settled.error().message));
                return;
            }
            refresh();
            say(tr("Copy %1 marked %2.").arg(number).arg(status));
        });
}

void HardCopiesView::openSelectedCase()
{
    if (const auto* copy = selected()) {
        emit openCaseRequested(QString::fromStdString(copy->caseId));
    }
}

void HardCopiesView::say(const QString& outcome)
{
    m_status->setText(outcome);
    emit finished(outcome);
}

} // namespace cms::ui
