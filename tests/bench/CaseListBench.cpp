// The case list at the office's scale (issue: case work): a page as the list asks for it, over the
// officer's card connection, on the 1,000,000-case benchmark database. What is measured is the
// round trip of CaseList::page (query sent to rows in hand); the list's own model and painting
// add a fraction of a millisecond for 100 rows and are not part of it.
#include "core/cases/CaseList.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"

#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kSamples = 30;
constexpr int kPage = 100;

double p95Page(long long offset, core::cases::CaseListFilter filter = {})
{
    BenchDatabase::ensure();
    const auto officer = BenchDatabase::connectAs("oortega");
    const core::cases::CaseList list(officer.connection);
    const auto fetch = [&] {
        auto rows = list.page(filter, offset, kPage);
        if (!rows || rows->size() != static_cast<std::size_t>(kPage)) {
            throw std::runtime_error("case list page failed");
        }
    };
    fetch(); // warm
    return p95Milliseconds(kSamples, [&](int) { fetch(); });
}

const Registration kFirstPage{{
    "case_list_first_page",
    "first 100 rows of the case list (newest first) over the card connection, p95 of 30",
    150,
    "ms",
    [] {
        return Measurement{p95Page(0), "ms"};
    },
}};

const Registration kDeepPage{{
    "case_list_row_500000",
    "the 100 rows from row 500,000 (scrolled there), p95 of 30",
    300,
    "ms",
    [] {
        return Measurement{p95Page(500'000), "ms"};
    },
}};

const Registration kCount{{
    "case_list_count",
    "the total shown under the list (count of every case the officer may see), p95 of 30",
    1000,
    "ms",
    [] {
        BenchDatabase::ensure();
        const auto officer = BenchDatabase::connectAs("oortega");
        const core::cases::CaseList list(officer.connection);
        return Measurement{p95Milliseconds(kSamples, [&](int) { (void)list.count({}); }), "ms"};
    },
}};

const Registration kFilteredPage{{
    "case_list_filtered_page",
    "first 100 open cases of the officer's team, last changed first, p95 of 30",
    150,
    "ms",
    [] {
        core::cases::CaseListFilter filter;
        filter.statuses = {"open"};
        filter.myTeam = true;
        filter.sortColumn = core::cases::CaseListColumn::LastChanged;
        return Measurement{p95Page(0, filter), "ms"};
    },
}};

core::cases::CaseListFilter byFirm()
{
    core::cases::CaseListFilter filter;
    filter.sortColumn = core::cases::CaseListColumn::Firm;
    filter.ascending = true;
    return filter;
}

const Registration kByFirmFirstPage{{
    "case_list_by_firm_first_page",
    "first 100 rows sorted by firm (A to Z), p95 of 30",
    150,
    "ms",
    [] {
        return Measurement{p95Page(0, byFirm()), "ms"};
    },
}};

const Registration kByFirmDeepPage{{
    "case_list_by_firm_row_500000",
    "the 100 rows from row 500,000 sorted by firm, p95 of 30",
    300,
    "ms",
    [] {
        return Measurement{p95Page(500'000, byFirm()), "ms"};
    },
}};

} // namespace

} // namespace cms::bench
