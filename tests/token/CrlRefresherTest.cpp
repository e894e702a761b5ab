// The background refresh of the CRL cache (issue: PIV sign-in): lists from the distribution
// points over real HTTP, signed by the dev PKI's authorities, written where sign-in reads them.
#include "core/pki/CrlRefresher.h"

#include "core/common/AtomicFile.h"
#include "core/pki/CertificateFile.h"
#include "core/pki/CertificateValidator.h"
#include "tests/TestPaths.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/HttpTestServer.h"
#include "tests/support/ProcessRunner.h"
#include "tests/support/TestCrl.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using cms::core::pki::CrlRefresher;
using cms::core::pki::CrlSourceOutcome;
using cms::tests::DevEnvironment;
using cms::tests::HttpTestServer;
using cms::tests::TestCrl;
using State = CrlSourceOutcome::State;

namespace {

std::string contentsOf(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The dev PKI's settings over a copy of its CRL cache, so the dev environment's stays as it is.
struct CacheCopy
{
    std::filesystem::path pki = DevEnvironment::get().devDir() / "pki";
    std::filesystem::path path = DevEnvironment::get().devDir() / "state" / "crl-refresh-test.pem";
    cms::core::config::PkiSettings settings = DevEnvironment::get().config().pki;
    TestCrl intermediate{pki / "intermediate.crt", pki / "intermediate.key"};
    long heldNumber = TestCrl::numberOf(pki / "intermediate.crl.pem");

    CacheCopy()
    {
        std::filesystem::create_directories(path.parent_path());
        REQUIRE(cms::AtomicFile::replace(path, contentsOf(settings.crlCache)));
        settings.crlCache = path;
        REQUIRE(heldNumber > 0);
    }
    ~CacheCopy()
    {
        std::filesystem::remove(path);
    }
};

} // namespace

TEST_CASE("A newer list from a distribution point replaces this computer's, and sign-in uses it", "[token][pki]")
{
    CacheCopy cache;
    HttpTestServer server;
    server.serve("/intermediate.crl", cache.intermediate.issue(cache.heldNumber + 1, std::chrono::system_clock::now()));
    server.serve("/root.crl", contentsOf(cache.pki / "root.crl.pem"));
    cache.settings.crlUrls = {server.url("/intermediate.crl"), server.url("/root.crl")};

    const auto report = CrlRefresher(cache.settings).refresh();
    REQUIRE(report);
    REQUIRE(report->sources.size() == 2);
    CHECK(report->sources[0].state == State::Updated);
    CHECK(report->sources[1].state == State::Unchanged);
    CHECK(report->cacheReplaced);
    CHECK_FALSE(report->anyFailed());
    CHECK(contentsOf(cache.path).find("BEGIN X509 CRL") != std::string::npos);

    // The new list carries no revocations: the card the dev CA revoked now validates, which
    // proves the validator reads what the refresh wrote (and the root's list was kept).
    const auto validator = cms::core::pki::CertificateValidator::load(cache.settings);
    REQUIRE(validator);
    const auto& env = DevEnvironment::get();
    const auto revoked = cms::core::pki::readCertificateFile(env.personFile(env.person("bad-revoked"), "auth.crt"));
    REQUIRE(revoked);
    CHECK(cms::core::pki::CertificateValidator::load(env.config().pki)
              ->validate(*revoked, std::chrono::system_clock::now())
              .cause
          == cms::core::pki::CertificateCause::Revoked);
    CHECK(validator->validate(*revoked, std::chrono::system_clock::now()).trusted());
}

TEST_CASE("The refresh refuses lists that would weaken revocation, and keeps this computer's", "[token][pki]")
{
    CacheCopy cache;
    const auto before = contentsOf(cache.path);
    HttpTestServer server;
    cache.settings.crlUrls = {server.url("/crl")};
    const auto only = [&] {
        const auto report = CrlRefresher(cache.settings).refresh();
        REQUIRE(report);
        REQUIRE(report->sources.size() == 1);
        CHECK_FALSE(report->cacheReplaced);
        CHECK(contentsOf(cache.path) == before);
        return report->sources.front();
    };

    SECTION("an older list (a replay that would revive revoked cards)")
    {
        server.serve("/crl", cache.intermediate.issue(cache.heldNumber - 1, std::chrono::system_clock::now()));
        const auto outcome = only();
        CHECK(outcome.state == State::Refused);
        CHECK_THAT(outcome.message, Catch::Contains("older"));
    }
    SECTION("a list signed by an authority this computer does not trust")
    {
        const TestCrl foreign{cache.pki / "foreign" / "root.crt", cache.pki / "foreign" / "root.key"};
        server.serve("/crl", foreign.issue(99999, std::chrono::system_clock::now()));
        const auto outcome = only();
        CHECK(outcome.state == State::Refused);
        CHECK_THAT(outcome.message, Catch::Contains("not signed by a certificate authority"));
    }
    SECTION("a list dated in the future")
    {
        server.serve(
            "/crl",
            cache.intermediate.issue(cache.heldNumber + 1, std::chrono::system_clock::now() + std::chrono::hours(48)));
        CHECK(only().state == State::Refused);
    }
    SECTION("something that is not a CRL")
    {
        server.serve("/crl", "<html>captive portal</html>");
        const auto outcome = only();
        CHECK(outcome.state == State::Refused);
        CHECK_THAT(outcome.message, Catch::Contains("not a certificate revocation list"));
    }
    SECTION("a distribution point that answers 404, or none at all")
    {
        auto outcome = only();
        CHECK(outcome.state == State::Unreachable);
        CHECK_THAT(outcome.message, Catch::Contains("HTTP 404"));
        cache.settings.crlUrls = {"http://127.0.0.1:1/crl"};
        outcome = only();
        CHECK(outcome.state == State::Unreachable);
        CHECK_THAT(outcome.message, Catch::Contains("http://127.0.0.1:1/crl could not be read"));
    }
    SECTION("an address that is not plain HTTP")
    {
        cache.settings.crlUrls = {"https://pki.example/crl"};
        const auto outcome = only();
        CHECK(outcome.state == State::Unreachable);
        CHECK_THAT(outcome.message, Catch::Contains("not an http:// address"));
    }
}

TEST_CASE("cmsadmin pki refresh-crl fetches the lists now and reports each distribution point", "[token][pki][cli]")
{
    CacheCopy cache;
    HttpTestServer server;
    server.serve("/intermediate.crl", cache.intermediate.issue(cache.heldNumber + 1, std::chrono::system_clock::now()));
    auto config = contentsOf(std::getenv("CMS_CONFIG"));
    const auto line = config.find("crl_cache=");
    REQUIRE(line != std::string::npos);
    config.replace(line,
                   config.find('\n', line) - line,
                   "crl_cache=" + cache.path.string() + "\ncrl_urls=" + server.url("/intermediate.crl") + " "
                       + server.url("/missing.crl"));
    const auto configFile = cache.path.parent_path() / "crl-refresh-test.conf";
    REQUIRE(cms::AtomicFile::replace(configFile, config));

    const auto output = cms::tests::runProcess({CMSADMIN_PATH, "pki", "refresh-crl", "--config", configFile.string()});
    std::filesystem::remove(configFile);
    INFO(output.err);
    CHECK(output.exitCode == 1); // one of the two failed
    CHECK_THAT(output.out, Catch::Contains("updated  " + server.url("/intermediate.crl")));
    CHECK_THAT(output.out, Catch::Contains("unreachable  " + server.url("/missing.crl") + ": "));
    CHECK_THAT(output.out, Catch::Contains("HTTP 404"));
    CHECK_THAT(output.out, Catch::Contains("cache replaced: " + cache.path.string()));
}
