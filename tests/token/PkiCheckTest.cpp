// `cmsadmin pki check` is the sign-in's own validation, for the help desk (issue: certificate
// validation that conforms): the same verdict, word for word, for the dev PKI's cards.
#include "core/pki/CertificateFile.h"
#include "core/pki/CertificateValidator.h"
#include "tests/TestPaths.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <ctime>

using cms::tests::DevEnvironment;
using cms::tests::runProcess;

namespace {

std::string certificateOf(const std::string& label)
{
    const auto& env = DevEnvironment::get();
    return env.personFile(env.person(label), "auth.crt").string();
}

} // namespace

TEST_CASE("pki check gives the sign-in's verdict, word for word, for every dev card", "[token][pki][cli]")
{
    const auto validator = cms::core::pki::CertificateValidator::load(DevEnvironment::get().config().pki);
    REQUIRE(validator);
    for (const char* label :
         {"oortega", "iibarra", "bad-expired", "bad-revoked", "bad-foreign", "bad-eku", "bad-nouuid"}) {
        INFO(label);
        const auto der = cms::core::pki::readCertificateFile(certificateOf(label));
        REQUIRE(der);
        const auto signIn = validator->validate(*der, std::chrono::system_clock::now());

        const auto output = runProcess({CMSADMIN_PATH, "pki", "check", certificateOf(label), "--json"});
        INFO(output.err);
        const auto object = boost::json::parse(output.out).as_object();
        CHECK(object.at("cause").as_string() == cms::core::pki::toString(signIn.cause));
        CHECK(object.at("message").as_string() == signIn.message);
        CHECK(object.at("detail").as_string() == signIn.detail);
        CHECK(object.at("valid").as_bool() == signIn.trusted());
        CHECK(object.at("certificate").at("subject").as_string() == signIn.concerns.subject);
        CHECK(object.at("certificate").at("serial").as_string() == signIn.concerns.serial);
        CHECK(output.exitCode == (signIn.trusted() ? 0 : 1));
    }
}

TEST_CASE("pki check prints the cause and the certificate it concerns, at a given time", "[token][pki][cli]")
{
    SECTION("a revoked card, in words")
    {
        const auto output = runProcess({CMSADMIN_PATH, "pki", "check", certificateOf("bad-revoked")});
        CHECK(output.exitCode == 1);
        CHECK_THAT(output.out, Catch::Contains("verdict:      refused"));
        CHECK_THAT(output.out, Catch::Contains("cause:        revoked"));
        CHECK_THAT(output.out, Catch::Contains("has been revoked"));
        CHECK_THAT(output.out, Catch::Contains("certificate:  ") && Catch::Contains("serial:       "));
    }
    SECTION("a valid card, checked at a later time, meets a CRL past its renewal and grace")
    {
        CHECK(runProcess({CMSADMIN_PATH, "pki", "check", certificateOf("oortega")}).exitCode == 0);
        const std::time_t later =
            std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::hours(24 * 60));
        char date[16];
        std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&later));
        const auto output = runProcess({CMSADMIN_PATH, "pki", "check", certificateOf("oortega"), "--at", date});
        CHECK(output.exitCode == 1);
        CHECK_THAT(output.out, Catch::Contains("cause:        CRL expired"));
    }
    SECTION("usage errors say what is wrong")
    {
        const auto noFile = runProcess({CMSADMIN_PATH, "pki", "check"});
        CHECK(noFile.exitCode == 2);
        CHECK_THAT(noFile.err, Catch::Contains("name the certificate file"));
        const auto badTime = runProcess({CMSADMIN_PATH, "pki", "check", certificateOf("oortega"), "--at", "soon"});
        CHECK(badTime.exitCode == 2);
        CHECK_THAT(badTime.err, Catch::Contains("--at takes"));
        const auto missing = runProcess({CMSADMIN_PATH, "pki", "check", "/nonexistent.crt"});
        CHECK(missing.exitCode == 1);
    }
}
