#include "tests/bench/BenchDatabase.h"

#include "core/remote/ServerMigrator.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace cms::bench {

namespace {

using tests::must;

void copyStaff(const core::remote::PgConnection& bench)
{
    const auto source = tests::adminConnection();
    const auto teams = must(source, "SELECT row_to_json(t)::text FROM cms.teams t ORDER BY id");
    for (int row = 0; row < teams.rows(); ++row) {
        must(bench,
             "INSERT INTO cms.teams OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::cms.teams, $1)",
             {teams.text(row, 0)});
    }
    must(bench, "SELECT setval(pg_get_serial_sequence('cms.teams', 'id'), coalesce(max(id), 0) + 1) FROM cms.teams");
    const auto staff = must(source, "SELECT row_to_json(s)::text FROM cms.staff s ORDER BY login_role");
    if (staff.rows() == 0) {
        throw std::runtime_error("no staff in the dev database: run packaging/dev/up");
    }
    for (int row = 0; row < staff.rows(); ++row) {
        must(bench,
             "INSERT INTO cms.staff SELECT * FROM json_populate_record(NULL::cms.staff, $1)",
             {staff.text(row, 0)});
    }
}

// The dev office's training and rules dates, which `packaging/dev/up` renews, for a bench database
// seeded earlier: without them its people could not sign in.
void copyStanding(const core::remote::PgConnection& bench)
{
    const auto staff = must(tests::adminConnection(), "SELECT row_to_json(s)::text FROM cms.staff s");
    for (int row = 0; row < staff.rows(); ++row) {
        must(bench,
             "UPDATE cms.staff b SET privacy_training_on = s.privacy_training_on, rules_accepted_at = "
             "s.rules_accepted_at FROM json_populate_record(NULL::cms.staff, $1) s WHERE b.login_role = s.login_role",
             {staff.text(row, 0)});
    }
}

void migrate(const core::remote::PgConnection& bench)
{
    auto migrated = core::remote::ServerMigrator(bench).migrate();
    if (!migrated) {
        throw std::runtime_error("migrating " + BenchDatabase::name() + ": " + migrated.error().message);
    }
    if (!migrated->empty()) {
        // A migration that rewrote rows (0015 fills every case's lead firm) leaves dead rows and
        // a cleared visibility map behind: the list's index-only scans would measure those
        // until autovacuum comes by.
        must(bench, "VACUUM (ANALYZE)");
    }
}

} // namespace

std::string BenchDatabase::name()
{
    return cases() == 1'000'000 ? std::string("cms_bench") : "cms_bench_" + std::to_string(cases());
}

long long BenchDatabase::cases()
{
    const char* wanted = std::getenv("CMS_BENCH_CASES");
    return wanted != nullptr && *wanted != '\0' ? std::stoll(wanted) : 1'000'000;
}

core::admin::DemoSeedReport BenchDatabase::reseed()
{
    const auto server = tests::adminConnection();
    must(server, "DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
    must(server, "CREATE DATABASE " + name());
    const auto bench = admin();
    migrate(bench);
    copyStaff(bench);
    std::fprintf(stderr, "bench: seeding %lld cases into %s\n", cases(), name().c_str());
    auto report = core::admin::DemoSeeder(bench).seed({.cases = cases(), .seed = kSeed});
    if (!report) {
        throw std::runtime_error("seeding: " + report.error().message + " (" + report.error().detail + ")");
    }
    must(bench, "VACUUM (ANALYZE)");
    return *report;
}

void BenchDatabase::ensure()
{
    const auto server = tests::adminConnection();
    const bool exists = must(server, "SELECT count(*) FROM pg_database WHERE datname = $1", {name()}).text(0, 0) == "1";
    // The seed's cases, not counting the ones the form benchmarks add (largeCase).
    if (exists
        && must(admin(), "SELECT count(*) FROM cms.cases WHERE title NOT LIKE 'Form benchmark:%'").text(0, 0)
               == std::to_string(cases())) {
        migrate(admin()); // the figures are for this build's schema, not the one it was seeded with
        copyStanding(admin());
        return;
    }
    (void)reseed();
}

core::remote::PgConnection BenchDatabase::admin()
{
    return tests::adminConnection(name());
}

core::remote::CardConnection BenchDatabase::connectAs(const std::string& tokenLabel)
{
    auto config = tests::DevEnvironment::get().config();
    config.server.dbname = name();
    const auto& person = tests::DevEnvironment::get().person(tokenLabel);
    core::remote::CardConnectRequest request;
    request.tokenLabel = person.tokenLabel;
    request.applicationName = "cms-bench";
    auto connected = core::remote::CardConnector(config).connect(request, SecureBuffer(person.pin));
    if (!connected) {
        throw std::runtime_error("cannot sign in to " + name() + " as " + tokenLabel + ": "
                                 + connected.error().message);
    }
    return std::move(*connected);
}

std::string BenchDatabase::largeCase()
{
    using tests::must;
    ensure();
    const auto bench = admin();
    const auto id = tests::newOfficerTeamCase(bench, "Form benchmark: stroller recall", "corrective_action");
    must(bench,
         "INSERT INTO cms.people (case_id, kind, source, name_masked, email_masked) SELECT $1, 'contact', "
         "'individual', 'A***** B*****', 'a***@e***.org' FROM generate_series(1, 20)",
         {id});
    must(bench,
         "INSERT INTO cms.products (case_id, name, model) SELECT $1, 'Stroller ' || g, 'SR-' || g "
         "FROM generate_series(1, 10) g",
         {id});
    must(bench,
         "INSERT INTO cms.activities (case_id, kind, summary, body) SELECT $1, 'note', 'Call with the firm ' || g, "
         "repeat('Notes of the call. ', 20) FROM generate_series(1, 50) g",
         {id});
    return id;
}

} // namespace cms::bench
