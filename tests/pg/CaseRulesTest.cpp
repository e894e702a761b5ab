#include "core/model/CaseId.h"
#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using namespace cms::tests;
using cms::core::remote::PgConnection;

namespace {

bool sees(const PgConnection& connection, const std::string& caseId)
{
    return must(connection, "SELECT count(*) FROM cms.cases WHERE id = $1", {caseId}).text(0, 0) == "1";
}

std::string versionOf(const PgConnection& connection, const std::string& caseId)
{
    return must(connection, "SELECT version FROM cms.cases WHERE id = $1", {caseId}).text(0, 0);
}

} // namespace

TEST_CASE("Restricted cases are seen by their team and managers only, and contractors see shared cases only",
          "[pg][token][access][rls]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");  // Port team
    const auto analyst = connectAs("aalvarez"); // HQ team
    const auto manager = connectAs("mmoore");
    const auto contractor = connectAs("cchen");

    CHECK(sees(officer.connection, fixture.openCase));
    CHECK(sees(officer.connection, fixture.portRestricted));
    CHECK_FALSE(sees(officer.connection, fixture.hqRestricted));

    CHECK(sees(analyst.connection, fixture.openCase));
    CHECK_FALSE(sees(analyst.connection, fixture.portRestricted));
    CHECK(sees(analyst.connection, fixture.hqRestricted));

    CHECK(sees(manager.connection, fixture.portRestricted));
    CHECK(sees(manager.connection, fixture.hqRestricted));

    CHECK(sees(contractor.connection, fixture.sharedWithContractor));
    CHECK_FALSE(sees(contractor.connection, fixture.openCase));
    CHECK_FALSE(sees(contractor.connection, fixture.portRestricted));

    // The status history follows its case.
    CHECK(must(analyst.connection,
               "SELECT count(*) FROM cms.case_status_history WHERE case_id = $1",
               {fixture.portRestricted})
              .text(0, 0)
          == "0");
    CHECK(must(officer.connection,
               "SELECT count(*) FROM cms.case_status_history WHERE case_id = $1",
               {fixture.portRestricted})
              .text(0, 0)
          == "1");
}

TEST_CASE("An update made to a stale version fails cleanly and changes nothing", "[pg][token][rls]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto investigator = connectAs("iibarra");
    const std::string read = versionOf(officer.connection, fixture.openCase);

    must(investigator.connection,
         "UPDATE cms.cases SET title = 'Renamed by Ivan', version = $2 WHERE id = $1",
         {fixture.openCase, read});
    const auto stale = officer.connection.exec(
        "UPDATE cms.cases SET title = 'Renamed by Olivia', version = $2 WHERE id = $1", {fixture.openCase, read});
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().detail, Catch::StartsWith("SQLSTATE ZV001"));
    CHECK_THAT(stale.error().message, Catch::Contains("changed by someone else"));
    CHECK(must(officer.connection, "SELECT title FROM cms.cases WHERE id = $1", {fixture.openCase}).text(0, 0)
          == "Renamed by Ivan");
    CHECK(std::stoi(versionOf(officer.connection, fixture.openCase)) == std::stoi(read) + 1);
}

TEST_CASE("Case rules hold whatever the client sends", "[pg][token][rls]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto manager = connectAs("mmoore");
    const auto records = connectAs("rreyes");

    SECTION("a case id with a wrong check symbol is refused by the database")
    {
        const auto good = cms::core::model::CaseId::fromRandom(123456789).compact();
        std::string typo = good;
        typo.back() = typo.back() == '0' ? '1' : '0';
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.cases (id, title, case_type) VALUES ('" + typo + "', 'x', 'other')")
              == "23514");
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.cases (id, title, case_type) VALUES ('" + good + "', 'x', 'other')")
              == "");
    }
    SECTION("ids the server makes are ones the client accepts")
    {
        for (int i = 0; i < 50; ++i) {
            const auto id = must(officer.connection, "SELECT cms.new_case_id()").text(0, 0);
            INFO(id);
            CHECK(cms::core::model::CaseId::parse(id));
        }
    }
    SECTION("closing needs a date and a reason; only a manager reopens")
    {
        const auto& id = fixture.openCase;
        CHECK(sqlStateOf(officer.connection, "UPDATE cms.cases SET status = 'closed' WHERE id = '" + id + "'")
              == "23514");
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.cases SET status = 'closed', closed_on = current_date WHERE id = '" + id + "'")
              == "23514");
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.cases SET status = 'closed', closed_on = current_date, closure_reason = '  ' "
                         "WHERE id = '"
                             + id + "'")
              == "23514");
        must(officer.connection,
             "UPDATE cms.cases SET status = 'closed', closed_on = current_date, closure_reason = 'Firm corrected' "
             "WHERE id = $1",
             {id});
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.cases SET status = 'open', closed_on = NULL WHERE id = '" + id + "'")
              == "42501");
        must(manager.connection, "UPDATE cms.cases SET status = 'open', closed_on = NULL WHERE id = $1", {id});
        CHECK(must(officer.connection,
                   "SELECT string_agg(status::text, ',' ORDER BY id) FROM cms.case_status_history WHERE case_id = $1",
                   {id})
                  .text(0, 0)
              == "open,closed,open");
    }
    SECTION("only a manager restricts; a legal hold is for managers and records managers")
    {
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.cases SET restricted = true WHERE id = '" + fixture.openCase + "'")
              == "42501");
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.cases SET legal_hold = true WHERE id = '" + fixture.openCase + "'")
              == "42501");
        CHECK(sqlStateOf(records.connection,
                         "UPDATE cms.cases SET legal_hold = true WHERE id = '" + fixture.openCase + "'")
              == "");
        CHECK(sqlStateOf(manager.connection,
                         "UPDATE cms.cases SET restricted = true WHERE id = '" + fixture.openCase + "'")
              == "");
    }
    SECTION("a restricted case belongs to a team, since only its team and managers see it")
    {
        // A manager meets the policy's check first; the table's own check holds for everyone.
        CHECK(sqlStateOf(manager.connection,
                         "UPDATE cms.cases SET restricted = true, team_id = NULL WHERE id = '" + fixture.openCase + "'")
              == "42501");
        CHECK(sqlStateOf(adminConnection(),
                         "INSERT INTO cms.cases (title, case_type, restricted) VALUES ('x', 'other', true)")
              == "23514");
    }
    SECTION("a contractor account needs an NDA on file (PIA Q17)")
    {
        const auto admin = adminConnection();
        CHECK(sqlStateOf(admin,
                         "INSERT INTO cms.staff (login_role, display_name, job_role, subject_dn, issuer_dn, "
                         "certificate_serial) VALUES ('nonda', 'No NDA', 'contractor', 'CN=x', 'CN=y', '1')")
              == "23514");
    }
}

TEST_CASE("The server records every change with the names of the changed columns, never their values",
          "[pg][token][audit]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const std::string secretTitle = "Title 5f1c";
    must(officer.connection,
         "UPDATE cms.cases SET title = $2, version = version WHERE id = $1",
         {fixture.openCase, secretTitle});
    const auto auditor = connectAs("aunger");
    const auto events = must(auditor.connection,
                             "SELECT actor, event_type, changed_columns::text, details::text, row_to_json(e)::text "
                             "FROM cms_audit.events e WHERE object_type = 'cms.cases' AND object_id = $1 "
                             "ORDER BY id DESC LIMIT 1",
                             {fixture.openCase});
    REQUIRE(events.rows() == 1);
    CHECK(events.text(0, 0) == "oortega");
    CHECK(events.text(0, 1) == "row.update");
    CHECK(events.text(0, 2) == "{title}");
    CHECK_THAT(events.text(0, 4), !Catch::Contains(secretTitle));

    SECTION("client events are stamped with the signed-in person, and row events cannot be forged")
    {
        const auto id =
            must(officer.connection, "SELECT cms_audit.record_event('case.open', 'cms.cases', $1)", {fixture.openCase})
                .text(0, 0);
        CHECK(must(auditor.connection, "SELECT actor FROM cms_audit.events WHERE id = $1", {id}).text(0, 0)
              == "oortega");
        CHECK(sqlStateOf(officer.connection, "SELECT cms_audit.record_event('row.delete', 'cms.cases', 'x')")
              == "42501");
    }
}

TEST_CASE("Row-level security stays cheap: policies run once per query, never per row", "[pg][token][rls]")
{
    const AccessFixture fixture;
    // The main list queries, on a case and on rows that belong to cases (their own copy of the
    // case's visibility keeps the same shape).
    const char* queries[] = {
        "SELECT id, title FROM cms.cases WHERE status = 'open' ORDER BY opened_on DESC LIMIT 50",
        "SELECT id, name, model FROM cms.products WHERE case_id = 'X' ORDER BY id",
        "SELECT id, kind, name_masked FROM cms.people WHERE case_id = 'X'",
        "SELECT id, summary FROM cms.activities ORDER BY occurred_at DESC LIMIT 20",
    };
    for (const char* label : {"oortega", "cchen", "aalvarez"}) {
        const auto signedIn = connectAs(label);
        for (const char* query : queries) {
            INFO(label << ": " << query);
            const auto plan = must(signedIn.connection, std::string("EXPLAIN ") + query);
            std::string text;
            for (int row = 0; row < plan.rows(); ++row) {
                text += plan.text(row, 0) + "\n";
            }
            INFO(text);
            CHECK_THAT(text, Catch::Contains("InitPlan"));
            CHECK_THAT(text, !Catch::Contains("SubPlan"));
        }
    }
}
