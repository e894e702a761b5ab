#include "core/remote/CardConnector.h"
#include "core/remote/PgConnection.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>

using cms::ErrorCode;
using cms::SecureBuffer;
using namespace cms::core;
using cms::tests::connectWithCard;
using cms::tests::DevEnvironment;

namespace {

std::map<std::string, std::string> serverKeywords()
{
    const auto& server = DevEnvironment::get().config().server;
    return {{"host", server.host},
            {"port", std::to_string(server.port)},
            {"dbname", server.dbname},
            {"user", "oortega"},
            {"connect_timeout", "10"},
            {"gssencmode", "disable"},
            {"sslrootcert", server.rootCert.string()}};
}

} // namespace

TEST_CASE("Each person's card connects as that person's own login role", "[pg][token]")
{
    for (const auto& person : DevEnvironment::get().people()) {
        if (person.isBadCard()) {
            continue;
        }
        INFO(person.tokenLabel << " (" << person.role << ", " << person.keyType << ")");
        auto connected = connectWithCard(person.tokenLabel, person.pin);
        REQUIRE(connected);
        CHECK(connected->connection.usesTls());
        const auto user = connected->connection.queryValue("SELECT current_user");
        REQUIRE(user);
        CHECK(user->value_or("") == person.login);
        const auto group = connected->connection.queryValue("SELECT pg_has_role(current_user, $1, 'MEMBER')::text",
                                                            {"cms_" + person.role});
        REQUIRE(group);
        CHECK(group->value_or("") == "true");
    }
}

TEST_CASE("Signing in again in the same process checks the PIN again and connects again", "[pg][token]")
{
    const auto& officer = DevEnvironment::get().person("oortega");
    auto first = connectWithCard(officer.tokenLabel, officer.pin);
    REQUIRE(first);
    SECTION("a wrong PIN is refused although the card is open for the first connection")
    {
        auto second = connectWithCard(officer.tokenLabel, "000000");
        REQUIRE_FALSE(second);
        CHECK(second.error().code == ErrorCode::PinIncorrect);
    }
    SECTION("the right PIN gives a second connection, and the first still works")
    {
        auto second = connectWithCard(officer.tokenLabel, officer.pin);
        REQUIRE(second);
        CHECK(second->connection.currentUser() == "oortega");
        const auto& analyst = DevEnvironment::get().person("aalvarez");
        auto third = connectWithCard(analyst.tokenLabel, analyst.pin);
        REQUIRE(third);
        CHECK(third->connection.queryValue("SELECT current_user").value_or(std::nullopt) == "aalvarez");
        CHECK(first->connection.queryValue("SELECT current_user").value_or(std::nullopt) == "oortega");
    }
}

TEST_CASE("A card cannot act as another person's login role", "[pg][token]")
{
    const auto& officer = DevEnvironment::get().person("oortega");
    remote::CardConnectRequest request;
    request.tokenLabel = officer.tokenLabel;
    request.loginRole = "iibarra";
    auto connected = remote::CardConnector(DevEnvironment::get().config()).connect(request, SecureBuffer(officer.pin));
    REQUIRE_FALSE(connected);
    CHECK(connected.error().code == ErrorCode::ConnectionRefused);
    CHECK_THAT(connected.error().message, Catch::Contains("does not know this card"));
}

TEST_CASE("The client can be capped at TLS 1.2 for card middleware without RSA-PSS", "[pg][token]")
{
    auto config = DevEnvironment::get().config();
    config.server.tlsMaxVersion = "1.2";
    const auto& person = DevEnvironment::get().person("cchen");
    remote::CardConnectRequest request;
    request.tokenLabel = person.tokenLabel;
    auto connected = remote::CardConnector(config).connect(request, SecureBuffer(person.pin));
    REQUIRE(connected);
    CHECK(connected->connection.tlsVersion() == "TLSv1.2");
    CHECK(connected->connection.currentUser() == person.login);
}

TEST_CASE("Statements take bound parameters, never spliced text", "[pg][token]")
{
    const auto& person = DevEnvironment::get().person("mmoore");
    auto connected = connectWithCard(person.tokenLabel, person.pin);
    REQUIRE(connected);
    const std::string hostile = "x'; DROP TABLE y; --";
    const auto echoed = connected->connection.queryValue("SELECT $1::text", {hostile});
    REQUIRE(echoed);
    CHECK(echoed->value_or("") == hostile);
    const auto refused = connected->connection.exec("SELECT * FROM no_such_table");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Database);
    CHECK_THAT(refused.error().detail, Catch::Contains("42P01"));
}

TEST_CASE("A wrong PIN stops at the card, before any connection", "[pg][token]")
{
    auto connected = connectWithCard("oortega", "999000");
    REQUIRE_FALSE(connected);
    CHECK(connected.error().code == ErrorCode::PinIncorrect);
}

TEST_CASE("The client refuses bad cards before anything goes on the network", "[pg][token][pki]")
{
    const std::pair<const char*, const char*> cards[] = {
        {"bad-revoked", "has been revoked"},
        {"bad-expired", "expired on"},
        {"bad-foreign", "not issued by a certification authority this system trusts"},
        {"bad-eku", "not valid for signing in"},
        {"bad-nouuid", "no card UUID"},
    };
    for (const auto& [label, cause] : cards) {
        INFO(label);
        const auto& card = DevEnvironment::get().person(label);
        auto connected = connectWithCard(card.tokenLabel, card.pin);
        REQUIRE_FALSE(connected);
        CHECK(connected.error().code == ErrorCode::CertificateRefused);
        CHECK_THAT(connected.error().message, Catch::Contains(cause));
        // The validator's cause, not the server's: the handshake never happened.
        CHECK_THAT(connected.error().detail, !Catch::Contains("SSL"));
    }
}

TEST_CASE("The server refuses bad cards and says why", "[pg][token]")
{
    const auto expectRefusal = [](const std::string& label, const std::string& cause) {
        INFO(label);
        const auto& card = DevEnvironment::get().person(label);
        auto connected = cms::tests::connectServerChecksOnly(card.tokenLabel, card.pin);
        REQUIRE_FALSE(connected);
        CHECK(connected.error().code == ErrorCode::CertificateRefused);
        CHECK_THAT(connected.error().message, Catch::Contains(cause));
    };
    SECTION("revoked")
    {
        expectRefusal("bad-revoked", "revoked");
    }
    SECTION("expired")
    {
        expectRefusal("bad-expired", "expired");
    }
    SECTION("issued by a foreign authority under a real person's name")
    {
        expectRefusal("bad-foreign", "not issued by an authority the server trusts");
    }
    SECTION("not valid for client authentication")
    {
        expectRefusal("bad-eku", "not valid for signing in");
    }
}

TEST_CASE("Without a card nobody gets in", "[pg]")
{
    SECTION("TLS without a client certificate")
    {
        auto keywords = serverKeywords();
        keywords["sslmode"] = "verify-full";
        const auto connection = remote::PgConnection::open(keywords);
        REQUIRE_FALSE(connection);
        CHECK(connection.error().code == ErrorCode::CertificateRefused);
        CHECK_THAT(connection.error().message, Catch::Contains("requires a card certificate"));
    }
    SECTION("a password over TLS")
    {
        auto keywords = serverKeywords();
        keywords["sslmode"] = "verify-full";
        keywords["password"] = "guess";
        const auto connection = remote::PgConnection::open(keywords);
        REQUIRE_FALSE(connection);
        CHECK_THAT(connection.error().message, Catch::Contains("card"));
    }
    SECTION("a password without TLS")
    {
        auto keywords = serverKeywords();
        keywords["sslmode"] = "disable";
        keywords["password"] = "guess";
        const auto connection = remote::PgConnection::open(keywords);
        REQUIRE_FALSE(connection);
        CHECK(connection.error().code == ErrorCode::ConnectionRefused);
        CHECK_THAT(connection.error().message, Catch::Contains("only encrypted connections"));
    }
}

TEST_CASE("A card the server lets in is still refused when it is not the card on record", "[pg][token]")
{
    // bad-nouuid carries Rita Reyes's subject and a valid chain: PostgreSQL accepts it, but it has
    // no card UUID to match her record.
    const auto& card = DevEnvironment::get().person("bad-nouuid");
    auto connected = cms::tests::connectServerChecksOnly(card.tokenLabel, card.pin);
    REQUIRE_FALSE(connected);
    CHECK(connected.error().code == ErrorCode::CertificateRefused);
    CHECK_THAT(connected.error().message, Catch::Contains("no card UUID"));
}
