#include "core/config/AppConfig.h"

#include <catch2/catch.hpp>

using cms::ErrorCode;
using cms::core::config::AppConfig;

TEST_CASE("AppConfig reads every section of the INI file", "[core][config]")
{
    const auto config = AppConfig::parse(R"(
[pkcs11]
module=/usr/lib/softhsm/libsofthsm2.so
[server]
host=db.example.gov
port=6543
dbname=cms_test
root_cert=/etc/cms/root.crt
tls_max_version=1.2
connect_timeout=3
[pki]
trust_anchors=/etc/cms/anchors.pem
intermediates=/etc/cms/intermediates.pem
crl_cache=/var/cache/cms/crl.pem
)");
    REQUIRE(config);
    CHECK(config->pkcs11.modulePath == "/usr/lib/softhsm/libsofthsm2.so");
    CHECK(config->server.host == "db.example.gov");
    CHECK(config->server.port == 6543);
    CHECK(config->server.dbname == "cms_test");
    CHECK(config->server.rootCert == "/etc/cms/root.crt");
    CHECK(config->server.tlsMaxVersion == "1.2");
    CHECK(config->server.connectTimeoutSeconds == 3);
    CHECK(config->pki.trustAnchors == "/etc/cms/anchors.pem");
    CHECK(config->pki.crlCache == "/var/cache/cms/crl.pem");
}

TEST_CASE("AppConfig defaults to OpenSC's module for real PIV cards", "[core][config]")
{
    const auto config = AppConfig::parse("[server]\nroot_cert=/etc/cms/root.crt\n");
    REQUIRE(config);
    CHECK(config->pkcs11.modulePath.filename() == "opensc-pkcs11.so");
    CHECK(config->server.tlsMaxVersion == "1.3");
}

TEST_CASE("AppConfig refuses bad values and names them", "[core][config]")
{
    SECTION("a port that is not a number")
    {
        const auto config = AppConfig::parse("[server]\nroot_cert=/r.crt\nport=54x\n");
        REQUIRE_FALSE(config);
        CHECK(config.error().code == ErrorCode::Config);
        CHECK_THAT(config.error().message, Catch::Contains("port") && Catch::Contains("54x"));
    }
    SECTION("a TLS version we do not offer")
    {
        const auto config = AppConfig::parse("[server]\nroot_cert=/r.crt\ntls_max_version=1.1\n");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("tls_max_version"));
    }
    SECTION("a connect timeout that is not a number (ptree alone would fall back silently)")
    {
        const auto config = AppConfig::parse("[server]\nroot_cert=/r.crt\nconnect_timeout=abc\n");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("connect_timeout") && Catch::Contains("abc"));
    }
    SECTION("a CRL grace that is not a number of hours, or negative")
    {
        const auto words = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pki]\ncrl_grace_hours=soon\n");
        REQUIRE_FALSE(words);
        CHECK_THAT(words.error().message, Catch::Contains("crl_grace_hours"));
        const auto negative = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pki]\ncrl_grace_hours=-1\n");
        REQUIRE_FALSE(negative);
        CHECK_THAT(negative.error().message, Catch::Contains("negative"));
        const auto given = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pki]\ncrl_grace_hours=12\n");
        REQUIRE(given);
        CHECK(given->pki.crlGraceHours == 12);
    }
    SECTION("a lock time out of range")
    {
        const auto config = AppConfig::parse("[server]\nroot_cert=/r.crt\n[session]\nlock_after_minutes=0\n");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("lock_after_minutes"));
        const auto defaulted = AppConfig::parse("[server]\nroot_cert=/r.crt\n");
        REQUIRE(defaulted);
        CHECK(defaulted->session.lockAfterMinutes == 15);
    }
    SECTION("how long an offline cache may go without a sync")
    {
        const auto defaulted = AppConfig::parse("[server]\nroot_cert=/r.crt\n");
        REQUIRE(defaulted);
        CHECK(defaulted->offline.maxDaysWithoutSync == 30);
        const auto given = AppConfig::parse("[server]\nroot_cert=/r.crt\n[offline]\nmax_days_without_sync=7\n");
        REQUIRE(given);
        CHECK(given->offline.maxDaysWithoutSync == 7);
        const auto wrong = AppConfig::parse("[server]\nroot_cert=/r.crt\n[offline]\nmax_days_without_sync=0\n");
        REQUIRE_FALSE(wrong);
        CHECK_THAT(wrong.error().message, Catch::Contains("max_days_without_sync"));
    }
    SECTION("whether sign-out wipes the offline cache (a shared laptop)")
    {
        CHECK_FALSE(AppConfig::parse("[server]\nroot_cert=/r.crt\n")->offline.wipeAtSignOut);
        CHECK(AppConfig::parse("[server]\nroot_cert=/r.crt\n[offline]\nwipe_at_sign_out=yes\n")->offline.wipeAtSignOut);
        CHECK_FALSE(
            AppConfig::parse("[server]\nroot_cert=/r.crt\n[offline]\nwipe_at_sign_out=off\n")->offline.wipeAtSignOut);
        const auto wrong = AppConfig::parse("[server]\nroot_cert=/r.crt\n[offline]\nwipe_at_sign_out=maybe\n");
        REQUIRE_FALSE(wrong);
        CHECK_THAT(wrong.error().message, Catch::Contains("wipe_at_sign_out \"maybe\" is not yes or no"));
    }
    SECTION("CRL distribution points and how often to fetch them")
    {
        const auto given = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pki]\ncrl_urls=http://pki.example/a.crl "
                                            "http://pki.example/b.crl\ncrl_refresh_hours=2\n");
        REQUIRE(given);
        CHECK(given->pki.crlUrls == std::vector<std::string>{"http://pki.example/a.crl", "http://pki.example/b.crl"});
        CHECK(given->pki.crlRefreshHours == 2);
        const auto never = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pki]\ncrl_refresh_hours=0\n");
        REQUIRE_FALSE(never);
        CHECK_THAT(never.error().message, Catch::Contains("crl_refresh_hours"));
    }
    SECTION("a card watch interval out of range, and the sign-in texts")
    {
        const auto tooFast = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pkcs11]\nwatch_interval_ms=1\n");
        REQUIRE_FALSE(tooFast);
        CHECK_THAT(tooFast.error().message, Catch::Contains("watch_interval_ms"));
        const auto given = AppConfig::parse("[server]\nroot_cert=/r.crt\n[pkcs11]\nwatch_interval_ms=250\n"
                                            "[session]\nsystem_use_notice=/etc/cms/notice.txt\n"
                                            "rules_of_behavior=/etc/cms/rules.txt\n");
        REQUIRE(given);
        CHECK(given->pkcs11.watchIntervalMilliseconds == 250);
        CHECK(given->session.systemUseNotice == "/etc/cms/notice.txt");
        CHECK(given->session.rulesOfBehavior == "/etc/cms/rules.txt");
        const auto defaulted = AppConfig::parse("[server]\nroot_cert=/r.crt\n");
        REQUIRE(defaulted);
        CHECK(defaulted->pkcs11.watchIntervalMilliseconds == 1000);
        CHECK(defaulted->session.systemUseNotice.empty());
    }
    SECTION("no root certificate to verify the server with")
    {
        const auto config = AppConfig::parse("[server]\nhost=x\n");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("root_cert"));
    }
    SECTION("a syntax error, with its line")
    {
        const auto config = AppConfig::parse("[server\nroot_cert=/r.crt\n");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("line 1"));
    }
    SECTION("a missing file")
    {
        const auto config = AppConfig::load("/nonexistent/cms.conf");
        REQUIRE_FALSE(config);
        CHECK_THAT(config.error().message, Catch::Contains("/nonexistent/cms.conf"));
    }
}

TEST_CASE("AppConfig reads the print markings, with CUI as the default banner", "[core][config]")
{
    const auto defaults = AppConfig::parse("[server]\nroot_cert=/r.crt\n");
    REQUIRE(defaults);
    CHECK(defaults->print.banner == "CUI");
    CHECK(defaults->print.category == "PRVCY");
    CHECK_FALSE(defaults->print.watermark);
    CHECK(defaults->print.outstandingAfterDays == 30);

    const auto chosen = AppConfig::parse("[server]\nroot_cert=/r.crt\n[print]\nbanner=CUI//SP-PRVCY\n"
                                         "controlled_by=CPSC Office of Compliance\npoint_of_contact=Compliance "
                                         "records, 301-555-0100\nwatermark=yes\noutstanding_after_days=14\n");
    REQUIRE(chosen);
    CHECK(chosen->print.banner == "CUI//SP-PRVCY");
    CHECK(chosen->print.controlledBy == "CPSC Office of Compliance");
    CHECK(chosen->print.pointOfContact == "Compliance records, 301-555-0100");
    CHECK(chosen->print.watermark);
    CHECK(chosen->print.outstandingAfterDays == 14);

    const auto unmarked = AppConfig::parse("[server]\nroot_cert=/r.crt\n[print]\nbanner=  \n");
    REQUIRE_FALSE(unmarked);
    CHECK_THAT(unmarked.error().message, Catch::Contains("banner"));
    const auto never = AppConfig::parse("[server]\nroot_cert=/r.crt\n[print]\noutstanding_after_days=0\n");
    REQUIRE_FALSE(never);
    CHECK_THAT(never.error().message, Catch::Contains("outstanding_after_days"));
}
