// cmsadmin's commands on the dev database as an operator runs them (issue: audit trail): verify
// recomputes the chain and says so, forward ships what is past its cursor, a revocation of an
// unknown person is refused; each run is itself an administrative event of the trail, refusals
// too.
#include "tests/TestPaths.h"
#include "tests/pg/ForwardFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/FakeHec.h"
#include "tests/support/ProcessRunner.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

using cms::tests::adminConnection;
using cms::tests::must;
using cms::tests::runProcess;

namespace {

long long adminEvents(const std::string& type)
{
    return std::stoll(
        must(adminConnection(), "SELECT count(*) FROM cms_audit.events WHERE event_type = $1", {type}).text(0, 0));
}

} // namespace

TEST_CASE("cmsadmin audit verify checks the dev database's chain and is recorded", "[pg][cli][audit]")
{
    const auto before = adminEvents("admin.audit_verify");
    const auto verified = runProcess({CMSADMIN_PATH, "audit", "verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out, Catch::Contains("audit chain intact: positions 1.."));
    CHECK(adminEvents("admin.audit_verify") == before + 1);
}

TEST_CASE("cmsadmin audit forward ships the events past its cursor to the collector and is recorded",
          "[pg][cli][audit][forward]")
{
    const std::string token = "22222222-3333-4444-5555-666666666666";
    const cms::tests::FakeHec indexer(
        token, cms::tests::devPki() / "server-chain.crt", cms::tests::devPki() / "server.key");
    const auto tokenFile = std::filesystem::temp_directory_path() / ("cms-hec-cli-" + std::to_string(getpid()));
    std::ofstream(tokenFile) << token << '\n';
    std::filesystem::permissions(tokenFile, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    // A destination of its own whose cursor stands ten events before the end: those ten go.
    const std::string destination = "cli-test-" + std::to_string(std::random_device{}());
    must(adminConnection(),
         "INSERT INTO cms_audit.forward_cursors (destination, last_position) SELECT $1, max(chain_position) - 10 "
         "FROM cms_audit.events",
         {destination});
    const auto before = adminEvents("admin.audit_forward");
    const auto forwarded = runProcess({CMSADMIN_PATH,
                                       "audit",
                                       "forward",
                                       "--hec-url",
                                       "https://localhost:" + indexer.port(),
                                       "--hec-token-file",
                                       tokenFile.string(),
                                       "--hec-ca",
                                       (cms::tests::devPki() / "root.crt").string(),
                                       "--destination",
                                       destination});
    std::filesystem::remove(tokenFile);
    INFO(forwarded.out << forwarded.err);
    CHECK(forwarded.exitCode == 0);
    CHECK_THAT(forwarded.out, Catch::Contains("forwarded 11 events")); // the ten, and its own start event
    CHECK(adminEvents("admin.audit_forward") == before + 1);
    CHECK(indexer.indexed().size() == 11);
}

TEST_CASE("cmsadmin person revoke refuses a login nobody has, in words, and the refusal is recorded",
          "[pg][cli][audit]")
{
    const auto refusals = [] {
        return std::stoll(must(adminConnection(),
                               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'admin.person_revoke' AND "
                               "outcome <> 'success' AND details->>'login' = 'nobody_such'")
                              .text(0, 0));
    };
    const auto before = refusals();
    const auto revoked = runProcess({CMSADMIN_PATH, "person", "revoke", "nobody_such", "--reason", "left the agency"});
    CHECK(revoked.exitCode == 1);
    CHECK_THAT(revoked.err, Catch::Contains("No person with login nobody_such is registered"));
    CHECK(refusals() == before + 1);
}
