#include "core/admin/PersonRegistry.h"

#include "core/admin/IdentMapFile.h"
#include "core/pki/CertificateFile.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>

using namespace cms::tests;
using cms::ErrorCode;
using cms::core::admin::IdentMapFile;
using cms::core::admin::NewPerson;
using cms::core::admin::PersonRegistry;

namespace {

NewPerson newPersonFor(const std::string& label, const std::string& role)
{
    NewPerson person;
    auto der = cms::core::pki::readCertificateFile(
        DevEnvironment::get().personFile(DevEnvironment::get().person(label), "auth.crt"));
    REQUIRE(der);
    person.certificateDer = *der;
    person.jobRole = role;
    person.approvedBy = "mmoore";
    return person;
}

// Puts a dev person back as packaging/dev/up registered them, whatever a test did.
struct Reregister
{
    std::string label;
    std::string role;
    std::string team;
    ~Reregister()
    {
        const auto admin = adminConnection();
        auto person = newPersonFor(label, role);
        person.team = team;
        (void)PersonRegistry(admin).add(person);
    }
};

} // namespace

TEST_CASE("Revoking a person ends their sign-in, and registering the card again restores it", "[pg][token][person]")
{
    const Reregister restore{"dlake", "datalake_reader", "Headquarters"};
    const auto admin = adminConnection();
    REQUIRE(connectWithCard("dlake", DevEnvironment::get().person("dlake").pin));

    REQUIRE(PersonRegistry(admin).revoke("dlake", "left the agency"));
    const auto refused = connectWithCard("dlake", DevEnvironment::get().person("dlake").pin);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::ConnectionRefused);
    CHECK(must(admin, "SELECT count(*) FROM cms.access_grants WHERE login_role = 'dlake' AND revoked_at IS NULL")
              .text(0, 0)
          == "0");

    auto person = newPersonFor("dlake", "datalake_reader");
    person.team = "Headquarters";
    const auto registered = PersonRegistry(admin).add(person);
    REQUIRE(registered);
    CHECK_FALSE(registered->created);
    CHECK(registered->cardUuid == DevEnvironment::get().person("dlake").cardUuid);
    const auto back = connectWithCard("dlake", DevEnvironment::get().person("dlake").pin);
    REQUIRE(back);
    CHECK(back->connection.currentUser() == "dlake");
}

TEST_CASE("Registering refuses what the access rules forbid, and says why", "[pg][person]")
{
    const auto admin = adminConnection();
    const PersonRegistry registry(admin);
    SECTION("a certificate without a card UUID")
    {
        const auto refused = registry.add(newPersonFor("bad-nouuid", "records_manager"));
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("no card UUID"));
    }
    SECTION("a contractor without an NDA date")
    {
        const auto refused = registry.add(newPersonFor("cchen", "contractor"));
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("non-disclosure agreement"));
    }
    SECTION("access without an approver")
    {
        auto person = newPersonFor("aunger", "auditor");
        person.approvedBy.clear();
        const auto refused = registry.add(person);
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("approval"));
    }
    SECTION("PII access approved by someone who is not a manager, and nothing of it is kept")
    {
        auto person = newPersonFor("aalvarez", "analyst");
        person.pii = true;
        person.approvedBy = "aunger";
        const auto refused = registry.add(person);
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("approved by an active manager"));
        CHECK(must(admin, "SELECT pg_has_role('aalvarez', 'cms_pii_holder', 'MEMBER')::text").text(0, 0) == "false");
    }
}

TEST_CASE("The certificate map keeps other maps' lines and replaces its own", "[unit][person]")
{
    const auto text = IdentMapFile::rewrite("admin root postgres\ncms \"CN=OLD\" gone\n# note\n",
                                            {{"CN=A B,O=U.S. Government,C=US", "ab"}});
    REQUIRE(text);
    CHECK(*text == "admin root postgres\n# note\ncms \"CN=A B,O=U.S. Government,C=US\" ab\n");
    CHECK_FALSE(IdentMapFile::rewrite("", {{"CN=\"quoted\"", "x"}}));
}
