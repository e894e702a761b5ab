#include "tests/TestPaths.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"

#include <catch2/catch.hpp>

using cms::tests::DevEnvironment;
using cms::tests::runProcess;

TEST_CASE("cmsadmin whoami signs in with the card and prints the server's current_user", "[pg][token][cli]")
{
    const auto& investigator = DevEnvironment::get().person("iibarra"); // the EC P-256 card
    const auto output = runProcess({CMSADMIN_PATH, "whoami", "--token", investigator.tokenLabel, "--pin-stdin"},
                                   investigator.pin + "\n");
    INFO(output.err);
    CHECK(output.exitCode == 0);
    CHECK_THAT(output.out, Catch::Contains("login role:   iibarra"));
    CHECK_THAT(output.out, Catch::Contains("job role:     investigator (Port of Baltimore)"));
    CHECK_THAT(output.out, Catch::Contains("PII access:   yes"));
    CHECK_THAT(output.out, Catch::Contains("training:     privacy training on "));
    CHECK_THAT(output.out, Catch::Contains("fasc-n:       (none)")); // the dev cards carry none
    CHECK_THAT(output.out, Catch::Contains(investigator.cardUuid));
}

TEST_CASE("cmsadmin whoami exits non-zero with the cause, and never echoes the PIN", "[pg][token][cli]")
{
    SECTION("a wrong PIN")
    {
        const auto output = runProcess({CMSADMIN_PATH, "whoami", "--token", "oortega", "--pin-stdin"}, "424242\n");
        CHECK(output.exitCode == 1);
        CHECK_THAT(output.err, Catch::Contains("PIN is wrong"));
        CHECK_THAT(output.out + output.err, !Catch::Contains("424242"));
    }
    SECTION("a revoked card")
    {
        const auto& card = DevEnvironment::get().person("bad-revoked");
        const auto output =
            runProcess({CMSADMIN_PATH, "whoami", "--token", card.tokenLabel, "--pin-stdin"}, card.pin + "\n");
        CHECK(output.exitCode == 1);
        CHECK_THAT(output.err, Catch::Contains("revoked"));
        CHECK_THAT(output.out + output.err, !Catch::Contains(card.pin));
    }
    SECTION("no PIN on standard input")
    {
        const auto output = runProcess({CMSADMIN_PATH, "whoami", "--token", "oortega", "--pin-stdin"});
        CHECK(output.exitCode == 1);
        CHECK_THAT(output.err, Catch::Contains("No PIN"));
    }
}

TEST_CASE("Privacy training: recorded by the operator, required within a year to sign in (PIA Q23)", "[pg][token][cli]")
{
    const auto& analyst = DevEnvironment::get().person("aalvarez");
    const auto training = [](const std::string& login, const std::string& date) {
        return runProcess({CMSADMIN_PATH, "person", "training", login, "--completed-on", date});
    };
    const auto whoami = [&] {
        return runProcess({CMSADMIN_PATH, "whoami", "--token", analyst.tokenLabel, "--pin-stdin"}, analyst.pin + "\n");
    };
    SECTION("a lapsed training refuses the sign-in with its reason; a new one lets the person in")
    {
        REQUIRE(training("aalvarez", "2025-06-30").exitCode == 0);
        const auto refused = whoami();
        CHECK(refused.exitCode == 1);
        CHECK_THAT(refused.err, Catch::Contains("privacy training was on 2025-06-30"));
        const auto today = cms::tests::must(cms::tests::adminConnection(), "SELECT current_date::text").text(0, 0);
        const auto recorded = training("aalvarez", today);
        CHECK(recorded.exitCode == 0);
        CHECK_THAT(recorded.out, Catch::Contains("recorded as completed on " + today));
        CHECK(whoami().exitCode == 0);
    }
    SECTION("refused: a date in the future, a date that does not exist, a person not registered")
    {
        const auto future = training("aalvarez", "2999-01-01");
        CHECK(future.exitCode == 1);
        CHECK_THAT(future.err, Catch::Contains("in the future"));
        const auto impossible = training("aalvarez", "2026-02-30");
        CHECK(impossible.exitCode == 1);
        CHECK_THAT(impossible.err, Catch::Contains("not a date"));
        const auto nobody = training("nobody", "2026-01-05");
        CHECK(nobody.exitCode == 1);
        CHECK_THAT(nobody.err, Catch::Contains("No active person with login nobody"));
    }
}
