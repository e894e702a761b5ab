#include "core/remote/ServerMigrator.h"

#include "tests/TestPaths.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"
#include "tests/support/ScratchDatabase.h"

#include <catch2/catch.hpp>

using namespace cms::core;
using cms::tests::adminConnection;
using cms::tests::must;

namespace {

constexpr const char* kScratch = "cms_migration_test";

} // namespace

TEST_CASE("Migrations apply once each, in order, and a second run changes nothing", "[pg][migrate]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    const remote::ServerMigrator migrator(admin);

    std::vector<int> announced;
    const auto first = migrator.migrate([&](const storage::Migration& m) { announced.push_back(m.version); });
    REQUIRE(first);
    REQUIRE_FALSE(storage::serverMigrations().empty());
    CHECK(first->size() == storage::serverMigrations().size());
    CHECK(announced == *first);
    CHECK(std::ranges::is_sorted(*first));

    const auto second = migrator.migrate();
    REQUIRE(second);
    CHECK(second->empty());

    const auto states = migrator.status();
    REQUIRE(states);
    for (const auto& state : *states) {
        INFO(state.version);
        CHECK(state.known);
        CHECK(state.appliedAt);
    }
    CHECK(must(admin, "SELECT count(*) FROM cms_meta.schema_migrations").text(0, 0)
          == std::to_string(storage::serverMigrations().size()));
}

TEST_CASE("Migrating refuses a database that is newer than this build", "[pg][migrate]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    const remote::ServerMigrator migrator(admin);
    REQUIRE(migrator.migrate());
    must(admin, "INSERT INTO cms_meta.schema_migrations (version, name, sha256) VALUES (9999, 'from_the_future', 'x')");
    const auto refused = migrator.migrate();
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("9999 (from_the_future)") && Catch::Contains("newer"));
    const auto states = migrator.status();
    REQUIRE(states);
    CHECK_FALSE(states->back().known);
}

TEST_CASE("Migrating refuses a database whose released migration was edited", "[pg][migrate]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    const remote::ServerMigrator migrator(admin);
    REQUIRE(migrator.migrate());
    must(admin, "UPDATE cms_meta.schema_migrations SET sha256 = 'edited' WHERE version = 2");
    const auto refused = migrator.migrate();
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("0002") && Catch::Contains("was edited"));
}

TEST_CASE("A failing migration is rolled back whole and named", "[pg][migrate]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    std::vector<storage::Migration> migrations = storage::serverMigrations();
    const int broken = migrations.back().version + 1;
    migrations.push_back(
        {broken, "half_done", "CREATE TABLE cms_meta.first_half (id integer); SELECT no_such_function();"});
    const remote::ServerMigrator migrator(admin, migrations);
    const auto failed = migrator.migrate();
    REQUIRE_FALSE(failed);
    CHECK_THAT(failed.error().message, Catch::Contains("half_done") && Catch::Contains("rolled back"));
    CHECK_THAT(failed.error().message, Catch::Contains("no_such_function"));
    CHECK(must(admin, "SELECT to_regclass('cms_meta.first_half') IS NULL").text(0, 0) == "t");
    CHECK(must(admin, "SELECT count(*) FROM cms_meta.schema_migrations WHERE version = $1", {std::to_string(broken)})
              .text(0, 0)
          == "0");
    // Everything before it was applied and stays.
    CHECK(must(admin, "SELECT count(*) FROM cms_meta.schema_migrations").text(0, 0)
          == std::to_string(storage::serverMigrations().size()));
}

TEST_CASE("cmsadmin db status reports the dev database up to date", "[pg][migrate][cli]")
{
    const auto output = cms::tests::runProcess({CMSADMIN_PATH, "db", "status"});
    INFO(output.err);
    CHECK(output.exitCode == 0);
    CHECK_THAT(output.out, Catch::Contains("0001  roles_and_schemas  applied") && Catch::EndsWith("up to date\n"));
}
