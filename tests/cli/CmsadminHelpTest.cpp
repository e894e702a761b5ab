#include "tests/TestPaths.h"
#include "tests/support/ProcessRunner.h"

#include <catch2/catch.hpp>

using cms::tests::runProcess;

TEST_CASE("cmsadmin --help lists its commands", "[cli]")
{
    const auto output = runProcess({CMSADMIN_PATH, "--help"});
    CHECK(output.exitCode == 0);
    CHECK_THAT(output.out, Catch::Contains("Commands:") && Catch::Contains("whoami"));
}

TEST_CASE("cmsadmin refuses an unknown command with a usage error", "[cli]")
{
    const auto output = runProcess({CMSADMIN_PATH, "frobnicate"});
    CHECK(output.exitCode == 2);
    CHECK_THAT(output.err, Catch::Contains("unknown command 'frobnicate'"));
}

TEST_CASE("cmsadmin whoami requires a token and explains its options", "[cli]")
{
    const auto missing = runProcess({CMSADMIN_PATH, "whoami"});
    CHECK(missing.exitCode == 2);
    CHECK_THAT(missing.err, Catch::Contains("--token"));
    const auto help = runProcess({CMSADMIN_PATH, "whoami", "--help"});
    CHECK(help.exitCode == 0);
    CHECK_THAT(help.out, Catch::Contains("--pin-stdin"));
}
