#include "ui/CaseListView.h"

#include "ui/CaseListModel.h"
#include "ui/DatabaseWorker.h"
#include "ui_CaseListView.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>

#include <algorithm>

namespace cms::ui {

namespace {

using core::cases::CaseListFilter;

QString labelOf(const std::string& value)
{
    QString text = QString::fromStdString(value).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

std::vector<std::string> checkedIn(const QMenu* menu)
{
    std::vector<std::string> values;
    for (const QAction* action : menu->actions()) {
        if (action->isChecked()) {
            values.push_back(action->data().toString().toStdString());
        }
    }
    return values;
}

void check(QMenu* menu, const std::vector<std::string>& values)
{
    for (QAction* action : menu->actions()) {
        action->setChecked(std::ranges::find(values, action->data().toString().toStdString()) != values.end());
    }
}

// "Status: any", "Status: Open", "Status: 2 chosen": words, not only a colour or an icon.
QString summary(const QString& what, const QMenu* menu)
{
    QStringList chosen;
    for (const QAction* action : menu->actions()) {
        if (action->isChecked()) {
            chosen << action->text();
        }
    }
    if (chosen.isEmpty()) {
        return QObject::tr("%1: any").arg(what);
    }
    return chosen.size() == 1 ? QObject::tr("%1: %2").arg(what, chosen.front())
                              : QObject::tr("%1: %2 chosen").arg(what).arg(chosen.size());
}

} // namespace

CaseListView::CaseListView(CaseFeed& feed, DatabaseWorker* database, bool piiHolder, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CaseListView>())
    , m_database(database)
    , m_model(new CaseListModel(feed, this))
{
    m_ui->setupUi(this);
    m_ui->searchKindComboBox->addItem(tr("Cases"));
    if (piiHolder) {
        m_ui->searchKindComboBox->addItem(tr("Person name (recorded)"));
    }
    m_ui->searchKindComboBox->setVisible(piiHolder);
    m_ui->searchLineEdit->setPlaceholderText(tr("Case id, firm, product, model, sample number or IFS reference"));
    m_statusMenu = new QMenu(this);
    m_typeMenu = new QMenu(this);
    fillMenu(m_statusMenu, CaseListFilter::knownStatuses());
    fillMenu(m_typeMenu, CaseListFilter::knownTypes());
    m_ui->statusToolButton->setMenu(m_statusMenu);
    m_ui->typeToolButton->setMenu(m_typeMenu);
    describeMenus();
    const QDate today = QDate::currentDate();
    m_ui->openedFromDateEdit->setDate(today.addYears(-1));
    m_ui->openedToDateEdit->setDate(today);
    m_ui->problemLabel->hide();

    m_ui->tableView->setModel(m_model);
    m_ui->tableView->horizontalHeader()->setSortIndicator(static_cast<int>(core::cases::CaseListColumn::Opened),
                                                          Qt::DescendingOrder);
    m_ui->tableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->tableView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_ui->tableView->verticalHeader()->hide();
    // Widths for what the columns hold (the header stays resizable); the title takes what is left.
    const int digit = fontMetrics().averageCharWidth() + 1;
    for (const auto& [column, characters] : std::initializer_list<std::pair<core::cases::CaseListColumn, int>>{
             {core::cases::CaseListColumn::Id, 14},
             {core::cases::CaseListColumn::Title, 30},
             {core::cases::CaseListColumn::Type, 16},
             {core::cases::CaseListColumn::Status, 10},
             {core::cases::CaseListColumn::Firm, 18},
             {core::cases::CaseListColumn::AssignedTo, 9},
             {core::cases::CaseListColumn::Opened, 9}}) {
        m_ui->tableView->setColumnWidth(static_cast<int>(column), characters * digit);
    }

    connect(m_ui->searchLineEdit, &QLineEdit::returnPressed, this, &CaseListView::search);
    m_ui->searchLineEdit->installEventFilter(this);
    connect(m_ui->searchKindComboBox, &QComboBox::currentIndexChanged, this, [this](int kind) {
        m_ui->searchLineEdit->setPlaceholderText(
            kind == 1 ? tr("A person's full or partial name (the search is recorded)")
                      : tr("Case id, firm, product, model, sample number or IFS reference"));
    });
    for (QCheckBox* box : {m_ui->assignedToMeCheckBox, m_ui->myTeamCheckBox, m_ui->openedBetweenCheckBox}) {
        connect(box, &QCheckBox::toggled, this, &CaseListView::search);
    }
    for (QDateEdit* edit : {m_ui->openedFromDateEdit, m_ui->openedToDateEdit}) {
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            if (m_ui->openedBetweenCheckBox->isChecked()) {
                search();
            }
        });
    }
    connect(m_ui->tableView, &QTableView::activated, this, &CaseListView::openCurrent);
    connect(m_model, &CaseListModel::totalChanged, this, &CaseListView::showTotal);
    connect(m_model, &CaseListModel::problem, this, &CaseListView::showProblem);
    connect(m_ui->savedSearchComboBox, &QComboBox::activated, this, &CaseListView::chooseSavedSearch);
    connect(m_ui->saveSearchPushButton, &QPushButton::clicked, this, &CaseListView::askNameAndSave);
    connect(m_ui->deleteSearchPushButton, &QPushButton::clicked, this, &CaseListView::deleteSavedSearch);
    for (QWidget* saved : std::initializer_list<QWidget*>{
             m_ui->savedLabel, m_ui->savedSearchComboBox, m_ui->saveSearchPushButton, m_ui->deleteSearchPushButton}) {
        saved->setVisible(m_database != nullptr);
    }
    loadSavedSearches();
    search();
}

CaseListView::~CaseListView() = default;

CaseListModel& CaseListView::model()
{
    return *m_model;
}

void CaseListView::fillMenu(QMenu* menu, const std::vector<std::string>& values)
{
    for (const auto& value : values) {
        QAction* action = menu->addAction(labelOf(value));
        action->setCheckable(true);
        action->setData(QString::fromStdString(value));
        connect(action, &QAction::toggled, this, [this] {
            describeMenus();
            search();
        });
    }
}

void CaseListView::describeMenus()
{
    m_ui->statusToolButton->setText(summary(tr("Status"), m_statusMenu));
    m_ui->typeToolButton->setText(summary(tr("Type"), m_typeMenu));
}

CaseListFilter CaseListView::currentFilter() const
{
    CaseListFilter filter = m_model->filter();
    const QString term = m_ui->searchLineEdit->text().trimmed();
    const bool byName = m_ui->searchKindComboBox->currentIndex() == 1;
    filter.search = byName ? std::string() : term.toStdString();
    filter.personName = byName ? term.toStdString() : std::string();
    filter.statuses = checkedIn(m_statusMenu);
    filter.types = checkedIn(m_typeMenu);
    filter.assignedToMe = m_ui->assignedToMeCheckBox->isChecked();
    filter.myTeam = m_ui->myTeamCheckBox->isChecked();
    const bool dated = m_ui->openedBetweenCheckBox->isChecked();
    filter.openedFrom = dated ? m_ui->openedFromDateEdit->date().toString(Qt::ISODate).toStdString() : "";
    filter.openedTo = dated ? m_ui->openedToDateEdit->date().toString(Qt::ISODate).toStdString() : "";
    return filter;
}

void CaseListView::focusSearch()
{
    m_ui->searchLineEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchLineEdit->selectAll();
}

void CaseListView::search()
{
    if (m_applying) {
        return;
    }
    showProblem({});
    m_model->setFilter(currentFilter());
}

void CaseListView::applyFilter(const CaseListFilter& filter)
{
    m_applying = true;
    const bool byName = !filter.personName.empty() && m_ui->searchKindComboBox->count() > 1;
    m_ui->searchKindComboBox->setCurrentIndex(byName ? 1 : 0);
    m_ui->searchLineEdit->setText(QString::fromStdString(byName ? filter.personName : filter.search));
    check(m_statusMenu, filter.statuses);
    check(m_typeMenu, filter.types);
    describeMenus();
    m_ui->assignedToMeCheckBox->setChecked(filter.assignedToMe);
    m_ui->myTeamCheckBox->setChecked(filter.myTeam);
    const bool dated = !filter.openedFrom.empty() || !filter.openedTo.empty();
    m_ui->openedBetweenCheckBox->setChecked(dated);
    if (!filter.openedFrom.empty()) {
        m_ui->openedFromDateEdit->setDate(QDate::fromString(QString::fromStdString(filter.openedFrom), Qt::ISODate));
    }
    if (!filter.openedTo.empty()) {
        m_ui->openedToDateEdit->setDate(QDate::fromString(QString::fromStdString(filter.openedTo), Qt::ISODate));
    }
    m_ui->tableView->horizontalHeader()->setSortIndicator(static_cast<int>(filter.sortColumn),
                                                          filter.ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    m_applying = false;
    showProblem({});
    m_model->setFilter(filter);
}

void CaseListView::showTotal(long long total)
{
    if (total < 0) {
        m_ui->totalLabel->setText(tr("Counting…"));
    } else {
        m_ui->totalLabel->setText(total == 1 ? tr("1 case") : tr("%1 cases").arg(QLocale().toString(total)));
    }
}

void CaseListView::showProblem(const QString& text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

void CaseListView::loadSavedSearches()
{
    if (m_database == nullptr) {
        return;
    }
    m_database->run<Result<std::vector<core::cases::SavedSearch>>>(
        this,
        [](const core::remote::PgConnection& connection) { return core::cases::SavedSearches(connection).list(); },
        [this](Result<std::vector<core::cases::SavedSearch>> searches) {
            m_saved = searches ? std::move(*searches) : std::vector<core::cases::SavedSearch>{};
            m_ui->savedSearchComboBox->clear();
            m_ui->savedSearchComboBox->addItem(tr("(choose)"));
            for (const auto& saved : m_saved) {
                m_ui->savedSearchComboBox->addItem(QString::fromStdString(saved.name));
            }
            m_ui->deleteSearchPushButton->setEnabled(!m_saved.empty());
        });
}

void CaseListView::chooseSavedSearch(int index)
{
    if (index >= 1 && static_cast<std::size_t>(index) <= m_saved.size()) {
        applyFilter(m_saved[static_cast<std::size_t>(index - 1)].filter);
    }
}

void CaseListView::saveSearchAs(const QString& name)
{
    if (m_database == nullptr) {
        return;
    }
    m_database->run<Result<void>>(
        this,
        [name = name.trimmed().toStdString(), filter = currentFilter()](const core::remote::PgConnection& connection) {
            return core::cases::SavedSearches(connection).save(name, filter);
        },
        [this, withName = !currentFilter().personName.empty()](Result<void> saved) {
            if (!saved) {
                showProblem(QString::fromStdString(saved.error().message));
            } else if (withName) {
                showProblem(tr("Saved without the person's name: a name is personal information and is not kept "
                               "in saved searches."));
            }
            loadSavedSearches();
        });
}

void CaseListView::askNameAndSave()
{
    bool given = false;
    const QString name = QInputDialog::getText(
        this,
        tr("Save search"),
        tr("Name of the search:"),
        QLineEdit::Normal,
        m_ui->savedSearchComboBox->currentIndex() > 0 ? m_ui->savedSearchComboBox->currentText() : QString(),
        &given);
    if (given) {
        saveSearchAs(name);
    }
}

void CaseListView::deleteSavedSearch()
{
    const int index = m_ui->savedSearchComboBox->currentIndex();
    if (index < 1) {
        showProblem(tr("Choose the saved search to delete first."));
        return;
    }
    if (m_database == nullptr) {
        return;
    }
    m_database->run<Result<void>>(
        this,
        [name = m_ui->savedSearchComboBox->currentText().toStdString()](const core::remote::PgConnection& connection) {
            return core::cases::SavedSearches(connection).remove(name);
        },
        [this](Result<void>) { loadSavedSearches(); });
}

bool CaseListView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_ui->searchLineEdit && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down && m_model->rowCount() > 0) {
        m_ui->tableView->setFocus(Qt::TabFocusReason);
        m_ui->tableView->setCurrentIndex(m_model->index(0, 0));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

std::vector<std::string> CaseListView::selectedCaseIds() const
{
    auto rows = m_ui->tableView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<std::string> ids;
    for (const auto& index : rows) {
        if (const QString id = m_model->caseIdAt(index.row()); !id.isEmpty()) {
            ids.push_back(id.toStdString());
        }
    }
    return ids;
}

int CaseListView::selectedRowCount() const
{
    return static_cast<int>(m_ui->tableView->selectionModel()->selectedRows().size());
}

void CaseListView::addListAction(QAction* action)
{
    m_ui->tableView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_ui->tableView->addAction(action);
}

void CaseListView::openCurrent()
{
    const QString id = m_model->caseIdAt(m_ui->tableView->currentIndex().row());
    if (!id.isEmpty()) {
        emit openCaseRequested(id);
    }
}

} // namespace cms::ui
