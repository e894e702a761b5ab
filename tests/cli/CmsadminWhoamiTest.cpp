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
