// Reviewing the audit trail from the client (issue: audit trail, review in the client): the
// auditor's and the manager's searches by person, case, type and day, over their own card
// connections, refused to others by the server; each search and export is an event itself.
#include "core/audit/AuditSearch.h"

#include "core/cases/CaseStore.h"
#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::audit::AuditEvent;
using cms::core::audit::AuditFilter;
using cms::core::audit::AuditSearch;
using namespace cms::tests;

namespace {

std::string today()
{
    return must(adminConnection(), "SELECT (now() AT TIME ZONE 'UTC')::date::text").text(0, 0);
}

} // namespace

TEST_CASE("Auditors and managers find events by person, case, type and day, and each search is on record",
          "[pg][token][audit]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    REQUIRE(cms::core::cases::CaseStore(officer.connection).open(fixture.openCase));

    for (const char* reviewer : {"aunger", "mmoore"}) {
        INFO(reviewer);
        const auto connection = connectAs(reviewer);
        const AuditSearch search(connection.connection);

        const auto aboutCase = search.find({.caseId = fixture.openCase});
        REQUIRE(aboutCase);
        REQUIRE_FALSE(aboutCase->empty());
        bool opened = false;
        for (const auto& event : *aboutCase) {
            CHECK(event.caseId == fixture.openCase);
            opened = opened || (event.eventType == "case.open" && event.actor == "oortega");
        }
        CHECK(opened);

        const auto opens = search.find({.person = "oortega",
                                        .caseId = fixture.openCase,
                                        .eventType = "case",
                                        .fromDay = today(),
                                        .toDay = today()});
        REQUIRE(opens);
        REQUIRE(opens->size() == 1);
        CHECK(opens->front().eventType == "case.open");
        CHECK(opens->front().occurredAt.ends_with("Z"));

        const auto yesterday = search.find({.caseId = fixture.openCase, .toDay = "2000-01-01"});
        REQUIRE(yesterday);
        CHECK(yesterday->empty());

        const auto badDay = search.find({.fromDay = "last week"});
        REQUIRE_FALSE(badDay);
        CHECK_THAT(badDay.error().message, Catch::Contains("\"last week\" is not a date"));

        const auto searches =
            must(adminConnection(),
                 "SELECT details ->> 'case_id', details ->> 'rows' FROM cms_audit.events WHERE event_type = "
                 "'audit.search' AND actor = $1 ORDER BY id DESC LIMIT 1",
                 {std::string(reviewer)});
        CHECK(searches.text(0, 0) == fixture.openCase);
        CHECK(searches.text(0, 1) == "0"); // the last one: before the year 2000
    }

    // An officer reads no audit trail: the server refuses, and the attempt is on record.
    const auto refused = AuditSearch(officer.connection).find({.caseId = fixture.openCase});
    REQUIRE_FALSE(refused);
    CHECK(must(adminConnection(),
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'audit.search' AND actor = 'oortega' "
               "AND details ->> 'case_id' = $1 AND outcome = 'refused'",
               {fixture.openCase})
              .text(0, 0)
          == "1");
}

TEST_CASE("An audit export is CSV a spreadsheet cannot run, and is on record", "[pg][token][audit]")
{
    AuditEvent event{"7",
                     "2026-11-22T10:00:00.000Z",
                     "2026-11-22T10:00:00.100Z",
                     "oortega",
                     "row.update",
                     "cms.cases",
                     "=HYPERLINK(\"x\")",
                     "success",
                     R"({"changed": ["title", "status"]})",
                     "ABC"};
    const auto csv = AuditSearch::csvOf({event});
    CHECK(csv.starts_with("id,occurred_at_utc,received_at_utc,person,event_type,"));
    CHECK_THAT(csv, Catch::Contains(R"csv("'=HYPERLINK(""x"")")csv"));                     // quoted, not a formula
    CHECK_THAT(csv, Catch::Contains(R"csv("{""changed"": [""title"", ""status""]}")csv")); // commas and quotes kept
    CHECK_THAT(csv, Catch::EndsWith("\r\n"));

    const auto auditor = connectAs("aunger");
    REQUIRE(AuditSearch(auditor.connection).recordExport({.eventType = "auth"}, 12));
    const auto exported =
        must(adminConnection(),
             "SELECT details::text FROM cms_audit.events WHERE event_type = 'audit.export' AND actor = "
             "'aunger' ORDER BY id DESC LIMIT 1");
    CHECK(exported.text(0, 0) == R"({"rows": 12, "event_type": "auth"})");
}
