// The case form as a person sees it (issue: case work), on the benchmark database: a case with 20
// people, 10 products and 50 activities opened from the main window until every tab holds its data
// and the Summary is painted; a title edit saved until the new heading is painted. Through the
// window's own tabs, models and database thread (offscreen). CaseFormBench measures the queries
// alone.
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"
#include "tests/bench/PaintWait.h"
#include "tests/bench/WindowSession.h"
#include "ui/CaseWindow.h"
#include "ui/SummaryTab.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>

#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kSamples = 20;

QLineEdit& titleField(ui::CaseWindow& opened)
{
    auto* field = opened.findChild<QLineEdit*>(QStringLiteral("titleLineEdit"));
    if (field == nullptr) {
        throw std::runtime_error("the case form has no title field");
    }
    return *field;
}

// Opens the case and runs the window until the Summary shows it, every tab has its rows and the
// title has been painted; returns the milliseconds that took.
double openAndPaint(ui::MainWindow& window, const QString& id)
{
    const auto started = PaintWait::Clock::now();
    auto* opened = window.openCase(id);
    if (opened == nullptr) {
        throw std::runtime_error("the case did not open");
    }
    auto& title = titleField(*opened);
    bool tabsLoaded = false;

    return PaintWait::untilPainted(
        title,
        [&] {
            if (!tabsLoaded && !title.text().isEmpty()) {
                // The summary has arrived and the tabs have asked for their rows: wait for the
                // window's database thread to answer them (their results are delivered before
                // this event loop turn ends).
                window.flushEvents();
                tabsLoaded = true;
            }
            return tabsLoaded;
        },
        started);
}

const Registration kOpenPainted{{
    "case_open_painted",
    "open a case with 20 people, 10 products, 50 activities from the window: every tab filled, Summary painted, "
    "p95 of 20",
    200,
    "ms",
    [] {
        const auto id = QString::fromStdString(BenchDatabase::largeCase());
        WindowSession session("oortega");
        return Measurement{p95OfSamples(kSamples,
                                        [&](int) {
                                            const double took = openAndPaint(session.window, id);
                                            delete session.window.openedCase(id); // closes its tab
                                            return took;
                                        }),
                           "ms"};
    },
}};

const Registration kSavePainted{{
    "case_save_painted",
    "save a title edit from the Summary until the new heading is painted, p95 of 20",
    100,
    "ms",
    [] {
        const auto id = QString::fromStdString(BenchDatabase::largeCase());
        WindowSession session("oortega");
        openAndPaint(session.window, id);
        auto& opened = *session.window.openedCase(id);
        auto& heading = *opened.findChild<QLabel*>(QStringLiteral("headingLabel"));
        QSignalSpy saved(&opened.summary(), &ui::SummaryTab::saved);
        return Measurement{p95OfSamples(kSamples,
                                        [&](int i) {
                                            titleField(opened).setText(
                                                QStringLiteral("Form benchmark: window edit %1").arg(i));
                                            const auto before = saved.count();
                                            const auto started = PaintWait::Clock::now();
                                            opened.summary().save();
                                            return PaintWait::untilPainted(
                                                heading, [&] { return saved.count() > before; }, started);
                                        }),
                           "ms"};
    },
}};

} // namespace

} // namespace cms::bench
