#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace cms::tests;

namespace {

struct Probe
{
    const char* object;
    const char* select;
    const char* insert;
    const char* update;
    const char* remove;
};

// One statement per object and operation. Each runs in a transaction that is rolled back; only
// a refusal for want of privilege ("permission denied", SQLSTATE 42501) counts as denied. A
// statement that is allowed may still fail for another reason (a NOT NULL column), which proves
// the privilege check passed.
const Probe kProbes[] = {
    {"cms.cases",
     "SELECT count(*) FROM cms.cases",
     "INSERT INTO cms.cases DEFAULT VALUES",
     "UPDATE cms.cases SET title = title WHERE false",
     "DELETE FROM cms.cases WHERE false"},
    {"cms.case_status_history",
     "SELECT count(*) FROM cms.case_status_history",
     "INSERT INTO cms.case_status_history DEFAULT VALUES",
     "UPDATE cms.case_status_history SET reason = reason WHERE false",
     "DELETE FROM cms.case_status_history WHERE false"},
    {"cms.case_shares",
     "SELECT count(*) FROM cms.case_shares",
     "INSERT INTO cms.case_shares DEFAULT VALUES",
     "UPDATE cms.case_shares SET shared_at = shared_at WHERE false",
     "DELETE FROM cms.case_shares WHERE false"},
    {"cms.staff",
     "SELECT count(*) FROM cms.staff",
     "INSERT INTO cms.staff DEFAULT VALUES",
     "UPDATE cms.staff SET display_name = display_name WHERE false",
     "DELETE FROM cms.staff WHERE false"},
    {"cms.teams",
     "SELECT count(*) FROM cms.teams",
     "INSERT INTO cms.teams DEFAULT VALUES",
     "UPDATE cms.teams SET name = name WHERE false",
     "DELETE FROM cms.teams WHERE false"},
    {"cms_audit.events",
     "SELECT count(*) FROM cms_audit.events",
     "INSERT INTO cms_audit.events (event_type) VALUES ('forged')",
     "UPDATE cms_audit.events SET details = details WHERE false",
     "DELETE FROM cms_audit.events WHERE false"},
};

// Expected access: per job role, per object, "SIUD" with '-' where the operation is denied.
const std::map<std::string, std::map<std::string, std::string>> kExpected{
    {"officer",
     {{"cms.cases", "SIU-"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"investigator",
     {{"cms.cases", "SIU-"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"analyst",
     {{"cms.cases", "S---"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"manager",
     {{"cms.cases", "SIU-"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "SI-D"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "S---"}}},
    {"contractor",
     {{"cms.cases", "S---"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "S---"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"datalake_reader",
     {{"cms.cases", "----"},
      {"cms.case_status_history", "----"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"records_manager",
     {{"cms.cases", "S---"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "----"}}},
    {"access_admin",
     {{"cms.cases", "----"},
      {"cms.case_status_history", "----"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "SIU-"},
      {"cms_audit.events", "----"}}},
    {"auditor",
     {{"cms.cases", "S---"},
      {"cms.case_status_history", "S---"},
      {"cms.case_shares", "----"},
      {"cms.staff", "S---"},
      {"cms.teams", "S---"},
      {"cms_audit.events", "S---"}}},
};

char verdict(const cms::core::remote::PgConnection& connection, const char* sql, char letter)
{
    return sqlStateOf(connection, sql) == "42501" ? '-' : letter;
}

} // namespace

TEST_CASE("Access matrix: every job role against every table, checked by the server", "[pg][token][access]")
{
    const AccessFixture fixture;
    std::set<std::string> rolesSeen;
    for (const auto& person : DevEnvironment::get().people()) {
        if (person.isBadCard()) {
            continue;
        }
        rolesSeen.insert(person.role);
        const auto expected = kExpected.find(person.role);
        INFO("job role " << person.role << " is missing from the expected access table");
        REQUIRE(expected != kExpected.end());
        const auto signedIn = connectAs(person.tokenLabel);
        for (const Probe& probe : kProbes) {
            std::string actual;
            actual += verdict(signedIn.connection, probe.select, 'S');
            actual += verdict(signedIn.connection, probe.insert, 'I');
            actual += verdict(signedIn.connection, probe.update, 'U');
            actual += verdict(signedIn.connection, probe.remove, 'D');
            INFO(person.role << " on " << probe.object);
            REQUIRE(expected->second.contains(probe.object));
            CHECK(actual == expected->second.at(probe.object));
        }
    }
    CHECK(rolesSeen.size() == kExpected.size());
}

TEST_CASE("Nobody can change or remove audit events, not even their owner", "[pg][token][access][audit]")
{
    const AccessFixture fixture;
    for (const auto& person : DevEnvironment::get().people()) {
        if (person.isBadCard()) {
            continue;
        }
        INFO(person.role);
        const auto signedIn = connectAs(person.tokenLabel);
        CHECK(sqlStateOf(signedIn.connection, "UPDATE cms_audit.events SET outcome = 'failure'") == "42501");
        CHECK(sqlStateOf(signedIn.connection, "DELETE FROM cms_audit.events") == "42501");
        CHECK(sqlStateOf(signedIn.connection, "TRUNCATE cms_audit.events") == "42501");
    }
    const auto admin = adminConnection();
    must(admin, "BEGIN");
    must(admin, "SET LOCAL ROLE cms_owner");
    const auto update = admin.exec("UPDATE cms_audit.events SET outcome = 'failure'");
    must(admin, "ROLLBACK");
    REQUIRE_FALSE(update);
    CHECK_THAT(update.error().message, Catch::Contains("never changed or removed"));
    must(admin, "BEGIN");
    must(admin, "SET LOCAL ROLE cms_owner");
    const auto truncate = admin.exec("TRUNCATE cms_audit.events");
    must(admin, "ROLLBACK");
    REQUIRE_FALSE(truncate);
    CHECK_THAT(truncate.error().message, Catch::Contains("never changed or removed"));
}
