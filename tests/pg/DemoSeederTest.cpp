#include "core/admin/DemoSeeder.h"

#include "core/remote/ServerMigrator.h"
#include "tests/TestPaths.h"
#include "tests/support/Connections.h"
#include "tests/support/ProcessRunner.h"
#include "tests/support/ScratchDatabase.h"

#include <catch2/catch.hpp>

using namespace cms::tests;
using cms::core::admin::DemoSeeder;
using cms::core::admin::DemoSeedRequest;
using cms::core::remote::PgConnection;

namespace {

// The tables a seed fills, compared whole between two databases.
const std::vector<std::string> kSeededTables{"cms.firms",
                                             "cms.cases",
                                             "cms.case_status_history",
                                             "cms.case_firms",
                                             "cms.products",
                                             "cms.samples",
                                             "cms.people",
                                             "cms.people_pii",
                                             "cms.activities",
                                             "cms.determinations",
                                             "cms.corrective_actions",
                                             "cms.correspondence"};

// A migrated scratch database with two teams and three case workers, as `cmsadmin person add`
// would leave them (staff rows only: nobody signs in to it).
PgConnection preparedDatabase(const ScratchDatabase& scratch)
{
    auto admin = adminConnection(scratch.name());
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    must(admin, "INSERT INTO cms.teams (name) VALUES ('Port of Baltimore'), ('Headquarters')");
    must(admin,
         "INSERT INTO cms.staff (login_role, display_name, job_role, team_id, subject_dn, issuer_dn, "
         "certificate_serial) SELECT login, login, role, t.id, 'CN=' || login, 'CN=CA', '1' FROM (VALUES "
         "('oortega', 'officer', 'Port of Baltimore'), ('iibarra', 'investigator', 'Port of Baltimore'), "
         "('mmoore', 'manager', 'Headquarters'), ('aalvarez', 'analyst', 'Headquarters')) AS s(login, role, team) "
         "JOIN cms.teams t ON t.name = s.team");
    return admin;
}

std::string digestOf(const PgConnection& admin, const std::string& table)
{
    return must(admin, "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t")
        .text(0, 0);
}

long long countOf(const PgConnection& admin, const std::string& sql)
{
    return std::stoll(must(admin, sql).text(0, 0));
}

} // namespace

TEST_CASE("demo seed makes the same realistic, consistent data for the same seed", "[pg][seed]")
{
    const ScratchDatabase first("cms_seed_test_a");
    const ScratchDatabase second("cms_seed_test_b");
    const auto a = preparedDatabase(first);
    const auto b = preparedDatabase(second);

    const auto report = DemoSeeder(a).seed({.cases = 400, .seed = 42});
    REQUIRE(report);
    REQUIRE(DemoSeeder(b).seed({.cases = 400, .seed = 42}));
    CHECK(countOf(a, "SELECT count(*) FROM cms.cases") == 400);
    CHECK(countOf(a, "SELECT count(*) FROM cms.people") >= 800);
    long long total = 0;
    for (const auto& [table, rows] : report->rowsByTable) {
        INFO(table);
        CHECK(countOf(a, "SELECT count(*) FROM " + table) == rows);
        total += rows;
    }
    CHECK(total == report->totalRows);

    SECTION("the same seed gives the same rows, table by table")
    {
        for (const auto& table : kSeededTables) {
            INFO(table);
            CHECK(digestOf(a, table) == digestOf(b, table));
        }
    }
    SECTION("every reference points at a row that exists (the foreign keys were not checked while loading)")
    {
        const auto keys = must(a,
                               "SELECT format('SELECT count(*) FROM %s c WHERE c.%I IS NOT NULL AND NOT EXISTS "
                               "(SELECT FROM %s p WHERE p.%I = c.%I)', conrelid::regclass, a.attname, "
                               "confrelid::regclass, fa.attname, a.attname) "
                               "FROM pg_constraint k "
                               "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
                               "JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1] "
                               "WHERE k.contype = 'f' AND k.connamespace = 'cms'::regnamespace "
                               "AND cardinality(k.conkey) = 1");
        REQUIRE(keys.rows() > 10);
        for (int row = 0; row < keys.rows(); ++row) {
            INFO(keys.text(row, 0));
            CHECK(countOf(a, keys.text(row, 0)) == 0);
        }
    }
    SECTION("the rows carry what the triggers would have written")
    {
        for (const auto& table : kSeededTables) {
            const bool child = countOf(a,
                                       "SELECT count(*) FROM pg_attribute WHERE attrelid = '" + table
                                           + "'::regclass AND attname = 'case_restricted'")
                               == 1;
            if (!child) {
                continue;
            }
            INFO(table << ": the case's visibility, copied");
            CHECK(countOf(a,
                          "SELECT count(*) FROM " + table
                              + " t JOIN cms.cases c ON c.id = t.case_id WHERE t.case_restricted <> c.restricted "
                                "OR t.case_team_id IS DISTINCT FROM c.team_id")
                  == 0);
        }
        CHECK(countOf(a,
                      "SELECT count(*) FROM cms.people p JOIN cms.people_pii x ON x.person_id = p.id "
                      "WHERE p.name_masked IS DISTINCT FROM cms.mask_name(x.full_name) "
                      "OR p.title_masked IS DISTINCT FROM cms.mask_text(x.title) "
                      "OR p.email_masked IS DISTINCT FROM cms.mask_email(x.email) "
                      "OR p.phone_masked IS DISTINCT FROM cms.mask_phone(x.phone) "
                      "OR p.address_masked IS DISTINCT FROM cms.mask_text(x.address)")
              == 0);
        // One change sequence for all: distinct across tables, and below the sequence's value.
        std::string all;
        for (const auto& table : kSeededTables) {
            if (table != "cms.case_status_history") {
                all += std::string(all.empty() ? "" : " UNION ALL ") + "SELECT change_seq FROM " + table;
            }
        }
        CHECK(countOf(a, "SELECT count(*) - count(DISTINCT change_seq) FROM (" + all + ") s") == 0);
        CHECK(countOf(a,
                      "SELECT count(*) FROM (" + all
                          + ") s WHERE change_seq <= 0 "
                            "OR change_seq > (SELECT last_value FROM cms.change_seq)")
              == 0);
        CHECK(countOf(a, "SELECT count(*) FROM cms.cases WHERE version <> 1") == 0);
        // The seed writes each case's lead firm itself (its triggers are off): the server's rule.
        CHECK(countOf(a, "SELECT count(*) FROM cms.cases WHERE lead_firm IS DISTINCT FROM cms.lead_firm_of(id)") == 0);
        // Staff rows and teams: assigned cases belong to their assignee's team.
        CHECK(countOf(a, "SELECT count(*) FROM cms.cases WHERE assigned_to = 'aalvarez'") == 0);
        CHECK(countOf(a,
                      "SELECT count(*) FROM cms.cases c JOIN cms.staff s ON s.login_role = c.assigned_to "
                      "WHERE c.team_id IS DISTINCT FROM s.team_id")
              == 0);
        // PIA Q11 and Q15: samples from 10/1/2023, cases from 11/1/2023; 15(b) reporters never decline.
        CHECK(countOf(a, "SELECT count(*) FROM cms.samples WHERE collected_on < '2023-10-01'") == 0);
        CHECK(countOf(a, "SELECT count(*) FROM cms.cases WHERE opened_on < '2023-11-01'") == 0);
        CHECK(countOf(a,
                      "SELECT count(*) FROM cms.people WHERE source = 'section_15b_report' "
                      "AND declined_fields <> '{}'")
              == 0);
        CHECK(countOf(a, "SELECT count(*) FROM cms_audit.events WHERE event_type = 'demo.seed'") == 1);
    }
    SECTION("the indexes dropped for loading are all back")
    {
        // The same index definitions as the dev database, which migrations made and no seed touched.
        const std::string definitions =
            "SELECT md5(string_agg(indexdef, '|' ORDER BY indexname)) FROM pg_indexes WHERE schemaname = 'cms'";
        CHECK(must(a, definitions).text(0, 0) == must(adminConnection(), definitions).text(0, 0));
        CHECK(countOf(a, "SELECT count(*) FROM pg_indexes WHERE indexname = 'people_pii_name_trgm'") == 1);
    }
    SECTION("another seed gives other data")
    {
        const ScratchDatabase third("cms_seed_test_c");
        const auto c = preparedDatabase(third);
        REQUIRE(DemoSeeder(c).seed({.cases = 400, .seed = 43}));
        CHECK(digestOf(a, "cms.cases") != digestOf(c, "cms.cases"));
    }
}

TEST_CASE("demo seed refuses a database with cases, and a failed seed leaves nothing behind", "[pg][seed]")
{
    const ScratchDatabase scratch("cms_seed_test_refusal");
    const auto admin = preparedDatabase(scratch);
    REQUIRE(DemoSeeder(admin).seed({.cases = 50, .seed = 5}));
    const auto peopleBefore = countOf(admin, "SELECT count(*) FROM cms.people");
    const auto firmsBefore = countOf(admin, "SELECT count(*) FROM cms.firms");

    SECTION("without --append, through the CLI as an operator would run it")
    {
        const auto refused = runProcess({CMSADMIN_PATH, "demo", "seed", "--cases", "10", "--db", scratch.conninfo()});
        CHECK(refused.exitCode == 1);
        CHECK_THAT(refused.err, Catch::Contains("already holds cases"));
        CHECK(countOf(admin, "SELECT count(*) FROM cms.cases") == 50);
    }
    SECTION("the same seed again collides on its case ids: the whole seed is rolled back")
    {
        const auto again = DemoSeeder(admin).seed({.cases = 50, .seed = 5, .append = true});
        REQUIRE_FALSE(again);
        CHECK_THAT(again.error().message, Catch::Contains("duplicate key"));
        // Where the row was, never what it held: a row may carry PII, and the detail is logged.
        CHECK_THAT(again.error().detail, Catch::Contains("COPY cases, line"));
        CHECK_THAT(again.error().detail, !Catch::Contains(": \""));
        CHECK(countOf(admin, "SELECT count(*) FROM cms.cases") == 50);
        CHECK(countOf(admin, "SELECT count(*) FROM cms.people") == peopleBefore);
        CHECK(countOf(admin, "SELECT count(*) FROM cms.firms") == firmsBefore);
        // The connection is usable again: the COPY was ended, the transaction rolled back.
        CHECK(countOf(admin, "SELECT 1") == 1);
    }
    SECTION("with --append and another seed, the cases add up")
    {
        const auto added = runProcess(
            {CMSADMIN_PATH, "demo", "seed", "--cases", "30", "--seed", "6", "--append", "--db", scratch.conninfo()});
        INFO(added.err);
        CHECK(added.exitCode == 0);
        CHECK_THAT(added.out, Catch::Contains("cms.people_pii"));
        CHECK(countOf(admin, "SELECT count(*) FROM cms.cases") == 80);
    }
    SECTION("a case count out of range is refused; a missing or malformed one is a usage error")
    {
        CHECK(runProcess({CMSADMIN_PATH, "demo", "seed", "--cases", "0", "--db", scratch.conninfo()}).exitCode == 1);
        CHECK(runProcess({CMSADMIN_PATH, "demo", "seed", "--cases", "many", "--db", scratch.conninfo()}).exitCode == 2);
        CHECK(runProcess({CMSADMIN_PATH, "demo", "seed", "--db", scratch.conninfo()}).exitCode == 2);
    }
}
