// Every event type of the audit catalogue (docs/audit-events.md) is produced by its code path
// (issue: audit trail): run by packaging/dev/test after the whole suite, this looks for each
// catalogued type among the events received since the suite started, in the dev database's
// trail and in what the suite's scratch databases held when they were dropped.
// The suite's tests drive those code paths (the desktop, cmsadmin, the sync, the server's
// functions) against the dev database; a type none of them produced any more fails here, named.
#include "tests/support/AuditCatalogue.h"
#include "tests/support/Connections.h"
#include "tests/support/ScratchDatabase.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

TEST_CASE("Every event type of the catalogue was produced by its code path during the test suite", "[coverage]")
{
    const char* started = std::getenv("CMS_SUITE_STARTED");
    INFO("CMS_SUITE_STARTED (the suite's start, in seconds since 1970) is set by packaging/dev/test, which runs "
         "this after the suite");
    REQUIRE(started != nullptr);
    const long long since = std::stoll(started);
    const auto produced = cms::tests::must(cms::tests::adminConnection(),
                                           "SELECT DISTINCT event_type FROM cms_audit.events WHERE received_at >= "
                                           "to_timestamp($1::bigint)",
                                           {std::string(started)});
    std::set<std::string> seen;
    for (int row = 0; row < produced.rows(); ++row) {
        seen.insert(produced.text(row, 0));
    }
    // And those of the scratch databases the suite made and dropped.
    std::ifstream log(cms::tests::ScratchDatabase::producedEventTypesLog());
    long long at = 0;
    for (std::string type; log >> at >> type;) {
        if (at >= since) {
            seen.insert(type);
        }
    }
    std::set<std::string> missing;
    std::size_t catalogued = 0;
    for (const auto& row : cms::tests::auditCatalogue()) {
        for (const auto& type : row.types) {
            ++catalogued;
            if (!seen.contains(type)) {
                missing.insert(type);
            }
        }
    }
    CHECK(catalogued >= 30);
    std::string named;
    for (const auto& type : missing) {
        named += (named.empty() ? "" : ", ") + type;
    }
    INFO("catalogued types no test produced: " << named);
    CHECK(missing.empty());
}
