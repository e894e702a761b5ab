#include "core/auth/Pkcs11Module.h"

#include "core/auth/TokenSession.h"
#include "core/pki/CertificateInfo.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

using cms::ErrorCode;
using cms::SecureBuffer;
using namespace cms::core;
using cms::tests::DevEnvironment;

namespace {

std::shared_ptr<auth::Pkcs11Module> loadModule()
{
    auto module = auth::Pkcs11Module::load(DevEnvironment::get().config().pkcs11.modulePath);
    REQUIRE(module);
    return *module;
}

auth::Bytes readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("Every test card of the dev environment is in a reader", "[token]")
{
    const auto module = loadModule();
    const auto tokens = module->tokens();
    REQUIRE(tokens);
    for (const auto& person : DevEnvironment::get().people()) {
        INFO(person.tokenLabel);
        const auto token = module->tokenByLabel(person.tokenLabel);
        REQUIRE(token);
        CHECK(token->label == person.tokenLabel);
    }
    CHECK(tokens->size() >= DevEnvironment::get().people().size());
}

TEST_CASE("A card that is not inserted is reported as such", "[token]")
{
    const auto token = loadModule()->tokenByLabel("no-such-card");
    REQUIRE_FALSE(token);
    CHECK(token.error().code == ErrorCode::TokenNotFound);
    CHECK_THAT(token.error().message, Catch::Contains("no-such-card"));
}

TEST_CASE("PIN login on the card", "[token]")
{
    const auto module = loadModule();
    const auto& person = DevEnvironment::get().person("oortega");
    const auto token = module->tokenByLabel(person.tokenLabel);
    REQUIRE(token);
    auto session = auth::TokenSession::open(module, *token);
    REQUIRE(session);

    SECTION("a wrong PIN is refused as wrong")
    {
        const auto login = session->login(SecureBuffer("000000"));
        REQUIRE_FALSE(login);
        CHECK(login.error().code == ErrorCode::PinIncorrect);
        CHECK_THAT(login.error().message, Catch::Contains("PIN is wrong"));
    }
    SECTION("the right PIN opens the card")
    {
        CHECK(session->login(SecureBuffer(person.pin)));
    }
}

TEST_CASE("The PIV Authentication certificate is read from the card as issued", "[token]")
{
    const auto module = loadModule();
    for (const auto& person : DevEnvironment::get().people()) {
        INFO(person.tokenLabel);
        const auto token = module->tokenByLabel(person.tokenLabel);
        REQUIRE(token);
        auto session = auth::TokenSession::open(module, *token);
        REQUIRE(session);
        const auto der = session->certificateDer(0x01);
        REQUIRE(der);
        CHECK(*der == readFile(DevEnvironment::get().personFile(person, "auth.der")));
        const auto keyManagement = session->certificateDer(0x03);
        REQUIRE(keyManagement);
        CHECK(*keyManagement == readFile(DevEnvironment::get().personFile(person, "km.der")));

        const auto info = pki::CertificateInfo::fromDer(*der);
        REQUIRE(info);
        CHECK(info->subject == person.subjectDn);
        if (person.tokenLabel == "bad-nouuid") {
            CHECK_FALSE(info->cardUuid);
        } else {
            REQUIRE(info->cardUuid);
            CHECK(*info->cardUuid == person.cardUuid);
        }
        REQUIRE(info->userPrincipalName);
        CHECK(info->userPrincipalName->ends_with("@cms.test"));
    }
}

TEST_CASE("A certificate slot the card does not fill is reported as missing", "[token]")
{
    const auto module = loadModule();
    const auto token = module->tokenByLabel(DevEnvironment::get().person("aalvarez").tokenLabel);
    REQUIRE(token);
    auto session = auth::TokenSession::open(module, *token);
    REQUIRE(session);
    const auto der = session->certificateDer(0x02); // 9C, digital signature: not on the test cards
    REQUIRE_FALSE(der);
    CHECK(der.error().code == ErrorCode::CertificateMissing);
}
