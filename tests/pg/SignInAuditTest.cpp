#include "core/audit/SignInAudit.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using cms::core::audit::SignInAudit;
using namespace cms::tests;

TEST_CASE("Failed sign-ins wait on this computer and reach the audit trail with the next sign-in", "[pg][token][audit]")
{
    const auto pending = DevEnvironment::get().devDir() / "test-state" / "pending-sign-in-events.jsonl";
    std::filesystem::remove(pending);
    const SignInAudit audit(pending);
    const auto auditor = connectAs("aunger");
    const auto lastEventId = must(auditor.connection, "SELECT coalesce(max(id), 0) FROM cms_audit.events").text(0, 0);

    REQUIRE(audit.recordFailure("bad-revoked", "CertificateRefused", std::chrono::system_clock::now()));
    REQUIRE(audit.recordFailure("oortega", "PinIncorrect", std::chrono::system_clock::now()));
    // Only this user reads what waits, and it holds no PIN.
    struct stat status
    {
    };
    REQUIRE(::stat(pending.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);
    std::ifstream in(pending);
    const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(kept, !Catch::Contains(DevEnvironment::get().person("oortega").pin));

    const auto officer = connectAs("oortega");
    const auto handed = audit.recordSignIn(officer.connection, "oortega");
    REQUIRE(handed);
    CHECK(*handed == 2);
    CHECK_FALSE(std::filesystem::exists(pending));

    const auto events =
        must(auditor.connection,
             "SELECT actor, object_id, outcome, coalesce(details ->> 'cause', '') FROM cms_audit.events "
             "WHERE event_type = 'auth.sign_in' AND id > $1 ORDER BY id",
             {lastEventId});
    REQUIRE(events.rows() == 3);
    CHECK(events.text(0, 0) == "oortega");
    CHECK(events.text(0, 2) == "success");
    CHECK(events.text(1, 1) == "bad-revoked");
    CHECK(events.text(1, 2) == "failure");
    CHECK(events.text(1, 3) == "CertificateRefused");
    CHECK(events.text(2, 3) == "PinIncorrect");

    SECTION("nothing is handed twice")
    {
        const auto again = audit.recordSignIn(officer.connection, "oortega");
        REQUIRE(again);
        CHECK(*again == 0);
    }
}
