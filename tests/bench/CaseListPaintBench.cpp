// The case list as a person sees it (issue: case work), on the 1,000,000-case benchmark database:
// from the moment the list asks the server to the moment the rows are painted in the main window
// (offscreen), through the window's own model, database thread and view. CaseListBench measures
// the queries alone.
#include "tests/bench/Benchmark.h"
#include "tests/bench/PaintWait.h"
#include "tests/bench/WindowSession.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"

#include <QAbstractItemView>
#include <QTableView>

#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kSamples = 20;
constexpr int kDeepRow = 500'000;

struct ListWindow
{
    WindowSession session{"oortega"};
    ui::CaseListModel& model = session.window.caseList()->model();
    QTableView& table = *session.window.caseList()->findChild<QTableView*>(QStringLiteral("tableView"));

    ListWindow()
    {
        PaintWait::until([&] { return model.total() >= 0 && model.isLoaded(0); });
        if (model.total() < kDeepRow + kSamples * ui::CaseListModel::kPageSize) {
            throw std::runtime_error("the benchmark database holds too few cases for the officer");
        }
    }
};

const Registration kFirstPagePainted{{
    "case_list_first_page_painted",
    "the list asks the server (newest first) until its first rows are painted in the window (connection idle "
    "before), p95 of 20",
    150,
    "ms",
    [] {
        ListWindow list;
        return Measurement{
            p95OfSamples(kSamples,
                         [&](int) {
                             // The previous sample's total is done: the connection is free.
                             PaintWait::until([&] { return list.model.total() >= 0; });
                             const auto started = PaintWait::Clock::now();
                             list.model.setFilter(list.model.filter());
                             return PaintWait::untilPainted(
                                 *list.table.viewport(), [&] { return list.model.isLoaded(0); }, started);
                         }),
            "ms"};
    },
}};

const Registration kDeepRowPainted{{
    "case_list_scroll_500000_painted",
    "scrolled to row 500,000 (another page each time) until its rows are painted, p95 of 20",
    300,
    "ms",
    [] {
        ListWindow list;
        return Measurement{
            p95OfSamples(kSamples,
                         [&](int i) {
                             const int row = kDeepRow + i * ui::CaseListModel::kPageSize;
                             const auto started = PaintWait::Clock::now();
                             list.table.scrollTo(list.model.index(row, 0), QAbstractItemView::PositionAtTop);
                             return PaintWait::untilPainted(
                                 *list.table.viewport(), [&] { return list.model.isLoaded(row); }, started);
                         }),
            "ms"};
    },
}};

} // namespace

} // namespace cms::bench
