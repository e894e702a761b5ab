#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

using namespace cms::tests;

namespace {

// The job roles, in the order of the columns of kExpected.
const std::vector<std::string> kRoles{"officer",
                                      "investigator",
                                      "analyst",
                                      "manager",
                                      "contractor",
                                      "datalake_reader",
                                      "records_manager",
                                      "access_admin",
                                      "auditor"};

struct Expectation
{
    const char* object;       // schema.table
    const char* updateColumn; // a column the UPDATE probe sets to itself
    std::vector<std::string> byRole;
};

// Expected access: per object, per job role (kRoles order), "SIUD" with '-' where the operation is
// denied. Each probe runs in a transaction that is rolled back; only a refusal for want of
// privilege or by a policy (SQLSTATE 42501) counts as denied. A statement that is allowed may still
// fail for another reason (a NOT NULL column), which proves the privilege check passed.
// The dev officer and investigator hold the PII grant; nobody else does.
const std::vector<Expectation> kExpected{
    // columns: officer, investigator, analyst, manager, contractor, data lake, records, access admin, auditor
    {"cms.cases", "title", {"SIU-", "SIU-", "S---", "SIU-", "S---", "----", "S---", "----", "S---"}},
    {"cms.case_status_history", "reason", {"S---", "S---", "S---", "S---", "S---", "----", "S---", "----", "S---"}},
    {"cms.case_shares", "shared_at", {"----", "----", "----", "SI-D", "S---", "----", "----", "----", "----"}},
    {"cms.staff", "display_name", {"S---", "S---", "S---", "S---", "S---", "S---", "S---", "S---", "S---"}},
    {"cms.teams", "name", {"S---", "S---", "S---", "S---", "S---", "S---", "S---", "SIU-", "S---"}},
    {"cms.access_grants", "reason", {"----", "----", "----", "S---", "----", "----", "----", "S---", "S---"}},
    {"cms.firms", "name", {"SIU-", "SIU-", "S---", "SIU-", "S---", "----", "S---", "----", "S---"}},
    {"cms.case_firms", "firm_role", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.products", "name", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.samples", "test_result", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.people", "kind", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    // PII is read only through cms.reveal_pii, which records every reading (0013).
    {"cms.people_pii", "title", {"-I--", "-I--", "----", "----", "----", "----", "----", "----", "----"}},
    {"cms.pii_corrections", "reason", {"S---", "S---", "----", "S---", "----", "----", "----", "----", "S---"}},
    {"cms.activities", "summary", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.determinations", "rationale", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.corrective_actions", "details", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.correspondence", "subject", {"SIUD", "SIUD", "S---", "SIUD", "S---", "----", "S---", "----", "S---"}},
    {"cms.saved_searches", "name", {"SIUD", "SIUD", "SIUD", "SIUD", "SIUD", "SIUD", "SIUD", "SIUD", "SIUD"}},
    // Offline sync: each person's own pushed entries (written through cms.apply_edit), and the
    // tombstones of the cases they may see.
    {"cms.sync_entries", "new_version", {"SI--", "SI--", "----", "SI--", "----", "----", "----", "----", "----"}},
    {"cms.sync_tombstones", "case_id", {"S---", "S---", "S---", "S---", "S---", "----", "S---", "----", "S---"}},
    {"cms_audit.events", "details", {"----", "----", "----", "S---", "----", "----", "----", "----", "S---"}},
    // The chain's head is the triggers' alone; checkpoints are read like the events.
    {"cms_audit.chain_head", "hash", {"----", "----", "----", "----", "----", "----", "----", "----", "----"}},
    {"cms_audit.checkpoints", "head_hash", {"----", "----", "----", "S---", "----", "----", "----", "----", "S---"}},
    // The forwarder's cursor and quarantine are the service's; auditors review them.
    {"cms_audit.forward_cursors",
     "last_position",
     {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_audit.forward_quarantine",
     "reason",
     {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    // The register of hard copies: written only through its functions; RLS shows a person their
    // own copies, managers and auditors everyone's.
    {"cms.hard_copies", "purpose", {"S---", "S---", "S---", "S---", "S---", "----", "S---", "----", "S---"}},
    // The laptops' chains as received, and the batches kept aside: the ingest function's alone;
    // auditors review them.
    {"cms_audit.device_heads", "last_hash", {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_audit.device_quarantine", "reason", {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_audit.device_event_types",
     "event_type",
     {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    // The card keys registered by `cmsadmin person add` and the signed batches taken: written by
    // the registry and the ingest alone; auditors read them.
    {"cms_audit.signing_keys", "algorithm", {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_audit.device_batches", "last_hash", {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_audit.device_rebaselines",
     "reason",
     {"----", "----", "----", "----", "----", "----", "----", "----", "S---"}},
    {"cms_meta.schema_migrations", "name", {"----", "----", "----", "----", "----", "----", "----", "----", "----"}},
};

char verdict(const cms::core::remote::PgConnection& connection, const std::string& sql, char letter)
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
        const auto column = std::ranges::find(kRoles, person.role);
        if (column == kRoles.end()) {
            FAIL("job role " << person.role << " is missing from the expected access table");
        }
        const auto index = static_cast<std::size_t>(column - kRoles.begin());
        const auto signedIn = connectAs(person.tokenLabel);
        for (const Expectation& expected : kExpected) {
            const std::string object = expected.object;
            std::string actual;
            actual += verdict(signedIn.connection, "SELECT count(*) FROM " + object, 'S');
            actual += verdict(signedIn.connection, "INSERT INTO " + object + " DEFAULT VALUES", 'I');
            actual += verdict(signedIn.connection,
                              "UPDATE " + object + " SET " + expected.updateColumn + " = " + expected.updateColumn
                                  + " WHERE false",
                              'U');
            actual += verdict(signedIn.connection, "DELETE FROM " + object + " WHERE false", 'D');
            INFO(person.role << " on " << object);
            REQUIRE(expected.byRole.size() == kRoles.size());
            CHECK(actual == expected.byRole[index]);
        }
    }
    CHECK(rolesSeen.size() == kRoles.size());
}

TEST_CASE("The access matrix covers every table and view of the database", "[pg][access]")
{
    const auto admin = adminConnection();
    const auto relations =
        must(admin,
             "SELECT n.nspname || '.' || c.relname FROM pg_class c "
             "JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname IN ('cms', 'cms_audit', 'cms_meta') AND c.relkind IN ('r', 'v', 'm', 'p') "
             "ORDER BY 1");
    REQUIRE(relations.rows() > 0);
    for (int row = 0; row < relations.rows(); ++row) {
        const auto name = relations.text(row, 0);
        INFO(name << " has no row in the expected access table");
        CHECK(std::ranges::any_of(kExpected, [&](const Expectation& e) { return name == e.object; }));
    }
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
