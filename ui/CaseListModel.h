#pragma once

#include "core/cases/CaseList.h"
#include "core/cases/CaseListFilter.h"

#include <QAbstractTableModel>

#include <list>
#include <map>
#include <vector>

namespace cms::ui {

class CaseFeed;

// The case list as the server (or offline, the cache: CaseFeed) gives it: the total from a count, rows fetched a page
// at a time as the view asks for them (scrolling to row 500,000 fetches that page only), sorting and filtering by the
// server (sort() changes the query, never the rows held). A few dozen pages are kept; a row not fetched yet reads
// "Loading…" until its page arrives. Values are what the server returns for the signed-in person: PII never appears
// here.
class CaseListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 100;
    static constexpr std::size_t kPagesKept = 40;

    explicit CaseListModel(CaseFeed& feed, QObject* parent = nullptr);

    void setFilter(core::cases::CaseListFilter filter);
    [[nodiscard]] const core::cases::CaseListFilter& filter() const;
    // -1 until the count has arrived.
    [[nodiscard]] long long total() const;
    [[nodiscard]] QString caseIdAt(int row) const;
    [[nodiscard]] bool isLoaded(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

signals:
    void totalChanged(long long total);
    void pageArrived(int page);
    // The server refused the query (e.g. a mistyped case id): the words to show.
    void problem(const QString& text);

private:
    using Page = std::vector<core::cases::CaseListRow>;

    void requestPage(int page) const;
    void receivePage(int generation, int page, Result<Page> rows);
    void receiveCount(int generation, Result<long long> total);
    void setRowCount(int rows);
    [[nodiscard]] const core::cases::CaseListRow* rowAt(int row) const;

    CaseFeed& m_feed;
    core::cases::CaseListFilter m_filter;
    int m_generation = 0; // answers to an earlier filter are dropped
    long long m_total = -1;
    int m_rows = 0;
    std::map<int, Page> m_pages;
    mutable std::list<int> m_recent;        // most recently used first
    mutable std::map<int, int> m_requested; // page -> generation asked for
};

} // namespace cms::ui
