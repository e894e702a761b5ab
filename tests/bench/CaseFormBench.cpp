// Opening and saving a case as the form does (issue: case work), on the benchmark database: a
// case with 20 people, 10 products and 50 activities, read through the same core calls as the
// form's tabs (summary, firms, people, the six row kinds with their choices, history), over the
// officer's card connection. The form's own widget filling is not part of the figure.
#include "core/cases/CaseFirms.h"
#include "core/cases/CaseHistory.h"
#include "core/cases/CasePeople.h"
#include "core/cases/CaseRows.h"
#include "core/cases/CaseStore.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"

#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kSamples = 30;

void openCase(const core::remote::PgConnection& connection, const std::string& id)
{
    using namespace core::cases;
    bool ok = CaseStore(connection).load(id).has_value() && CaseFirms(connection).load(id).has_value()
              && CasePeople(connection).load(id).has_value() && CaseHistory::load(connection, id).has_value();
    for (const CaseRowSpec* spec : CaseRowSpec::all()) {
        const CaseRows rows(connection, *spec);
        ok = ok && rows.load(id).has_value();
        for (const auto& column : spec->columns) {
            ok = ok && rows.choices(column, id).has_value();
        }
    }
    if (!ok) {
        throw std::runtime_error("opening the case failed");
    }
}

const Registration kOpenCase{{
    "case_open",
    "open a case with 20 people, 10 products, 50 activities: every tab's data, p95 of 30",
    200,
    "ms",
    [] {
        const auto id = BenchDatabase::largeCase();
        const auto officer = BenchDatabase::connectAs("oortega");
        openCase(officer.connection, id);
        return Measurement{p95Milliseconds(kSamples, [&](int) { openCase(officer.connection, id); }), "ms"};
    },
}};

const Registration kSaveEdit{{
    "case_save_edit",
    "save an edit of the case's title (changed fields only, with its version), p95 of 30",
    100,
    "ms",
    [] {
        const auto id = BenchDatabase::largeCase();
        const auto officer = BenchDatabase::connectAs("oortega");
        const core::cases::CaseStore store(officer.connection);
        auto current = store.load(id);
        if (!current) {
            throw std::runtime_error("loading the case failed");
        }
        auto base = *current;
        return Measurement{p95Milliseconds(kSamples,
                                           [&](int i) {
                                               auto edited = base;
                                               edited.title = "Form benchmark: edit " + std::to_string(i);
                                               auto saved = store.save(base, edited);
                                               if (!saved
                                                   || !std::holds_alternative<core::cases::CaseSummary>(*saved)) {
                                                   throw std::runtime_error("saving the case failed");
                                               }
                                               base = std::get<core::cases::CaseSummary>(*saved);
                                           }),
                           "ms"};
    },
}};

} // namespace

} // namespace cms::bench
