#include "ui/CaseListModel.h"

#include "core/model/CaseId.h"
#include "ui/CaseFeed.h"

#include <QDateTime>

#include <algorithm>

namespace cms::ui {

namespace {

using core::cases::CaseListColumn;

constexpr int kColumns = static_cast<int>(CaseListColumn::LastChanged) + 1;

QString label(const std::string& value)
{
    QString text = QString::fromStdString(value).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

QString displayed(const core::cases::CaseListRow& row, CaseListColumn column)
{
    switch (column) {
    case CaseListColumn::Id: {
        const auto id = core::model::CaseId::parse(row.id);
        return QString::fromStdString(id ? id->display() : row.id);
    }
    case CaseListColumn::Title:
        return QString::fromStdString(row.title);
    case CaseListColumn::Type:
        return label(row.type);
    case CaseListColumn::Status:
        return label(row.status);
    case CaseListColumn::Firm:
        return QString::fromStdString(row.firm);
    case CaseListColumn::AssignedTo:
        return QString::fromStdString(row.assignedTo);
    case CaseListColumn::Opened:
        return QString::fromStdString(row.openedOn);
    case CaseListColumn::LastChanged:
        return QDateTime::fromString(QString::fromStdString(row.lastChanged), Qt::ISODate)
            .toLocalTime()
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    return {};
}

} // namespace

CaseListModel::CaseListModel(CaseFeed& feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{}

void CaseListModel::setFilter(core::cases::CaseListFilter filter)
{
    beginResetModel();
    m_filter = std::move(filter);
    ++m_generation;
    m_total = -1;
    m_rows = 0;
    m_pages.clear();
    m_recent.clear();
    m_requested.clear();
    endResetModel();
    emit totalChanged(-1);
    // The first page before the count: the database thread answers in order, and the rows are
    // what the person waits for (the count of a million cases takes longer than a page).
    requestPage(0);
    const int generation = m_generation;
    m_feed.listCount(
        this, m_filter, [this, generation](Result<long long> total) { receiveCount(generation, std::move(total)); });
}

const core::cases::CaseListFilter& CaseListModel::filter() const
{
    return m_filter;
}

long long CaseListModel::total() const
{
    return m_total;
}

QString CaseListModel::caseIdAt(int row) const
{
    const auto* found = rowAt(row);
    return found != nullptr ? QString::fromStdString(found->id) : QString();
}

bool CaseListModel::isLoaded(int row) const
{
    return rowAt(row) != nullptr;
}

int CaseListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int CaseListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumns;
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) {
        return {};
    }
    const auto* row = rowAt(index.row());
    if (row == nullptr) {
        requestPage(index.row() / kPageSize);
        return role == Qt::DisplayRole ? QVariant(tr("Loading…")) : QVariant();
    }
    return displayed(*row, static_cast<CaseListColumn>(index.column()));
}

QVariant CaseListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= kColumns) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<CaseListColumn>(section);
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
    case CaseListColumn::Id:
        return tr("Case id");
    case CaseListColumn::Title:
        return tr("Title");
    case CaseListColumn::Type:
        return tr("Type");
    case CaseListColumn::Status:
        return tr("Status");
    case CaseListColumn::Firm:
        return tr("Firm");
    case CaseListColumn::AssignedTo:
        return tr("Assigned to");
    case CaseListColumn::Opened:
        return tr("Opened");
    case CaseListColumn::LastChanged:
        return tr("Last changed");
    }
    return {};
}

void CaseListModel::sort(int column, Qt::SortOrder order)
{
    const auto chosen = static_cast<CaseListColumn>(column);
    if (column < 0 || column >= kColumns) {
        return;
    }
    auto filter = m_filter;
    filter.sortColumn = chosen;
    filter.ascending = order == Qt::AscendingOrder;
    if (!(filter == m_filter)) {
        setFilter(std::move(filter));
    }
}

void CaseListModel::requestPage(int page) const
{
    if (m_requested.contains(page)) {
        return;
    }
    m_requested[page] = m_generation;
    const int generation = m_generation;
    auto* self = const_cast<CaseListModel*>(this); // fetching is not a change of the model's state
    m_feed.listPage(
        self,
        m_filter,
        static_cast<long long>(page) * kPageSize,
        kPageSize,
        [self, generation, page](Result<Page> rows) { self->receivePage(generation, page, std::move(rows)); });
}

void CaseListModel::receivePage(int generation, int page, Result<Page> rows)
{
    if (generation != m_generation) {
        return;
    }
    m_requested.erase(page);
    if (!rows) {
        emit problem(QString::fromStdString(rows.error().message));
        return;
    }
    const int first = page * kPageSize;
    const int size = static_cast<int>(rows->size());
    m_pages[page] = std::move(*rows);
    m_recent.remove(page);
    m_recent.push_front(page);
    while (m_recent.size() > kPagesKept) {
        m_pages.erase(m_recent.back());
        m_recent.pop_back();
    }
    if (m_total < 0) {
        setRowCount(std::max(m_rows, first + size)); // until the count says how many there are
    }
    if (size > 0 && first < m_rows) {
        emit dataChanged(index(first, 0), index(std::min(first + size, m_rows) - 1, kColumns - 1));
    }
    emit pageArrived(page);
}

void CaseListModel::receiveCount(int generation, Result<long long> total)
{
    if (generation != m_generation) {
        return;
    }
    if (!total) {
        emit problem(QString::fromStdString(total.error().message));
        return;
    }
    m_total = *total;
    setRowCount(static_cast<int>(std::min<long long>(m_total, std::numeric_limits<int>::max())));
    emit totalChanged(m_total);
}

void CaseListModel::setRowCount(int rows)
{
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
}

const core::cases::CaseListRow* CaseListModel::rowAt(int row) const
{
    if (row < 0) {
        return nullptr;
    }
    const auto page = m_pages.find(row / kPageSize);
    if (page == m_pages.end() || static_cast<std::size_t>(row % kPageSize) >= page->second.size()) {
        return nullptr;
    }
    return &page->second[static_cast<std::size_t>(row % kPageSize)];
}

} // namespace cms::ui
