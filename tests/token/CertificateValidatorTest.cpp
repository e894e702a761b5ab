#include "core/pki/CertificateValidator.h"

#include "core/pki/CertificateFile.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>

using cms::core::pki::CertificateCause;
using cms::core::pki::CertificateValidator;
using cms::tests::DevEnvironment;
using namespace std::chrono_literals;

namespace {

std::vector<std::uint8_t> authCertificateOf(const std::string& label)
{
    const auto& env = DevEnvironment::get();
    auto der = cms::core::pki::readCertificateFile(env.personFile(env.person(label), "auth.crt"));
    REQUIRE(der);
    return *der;
}

CertificateValidator devValidator(cms::core::config::PkiSettings settings = DevEnvironment::get().config().pki)
{
    auto validator = CertificateValidator::load(settings);
    REQUIRE(validator);
    return std::move(*validator);
}

} // namespace

TEST_CASE("Every good card of the dev PKI is valid, RSA and EC alike", "[token][pki]")
{
    const auto validator = devValidator();
    for (const auto& person : DevEnvironment::get().people()) {
        if (person.isBadCard()) {
            continue;
        }
        INFO(person.tokenLabel);
        const auto verdict = validator.validate(authCertificateOf(person.tokenLabel), std::chrono::system_clock::now());
        CHECK(verdict.cause == CertificateCause::Valid);
        CHECK_FALSE(verdict.revocationListOverdue);
    }
}

TEST_CASE("Each bad card is refused for its own cause, in words", "[token][pki]")
{
    const auto validator = devValidator();
    const auto now = std::chrono::system_clock::now();
    const std::pair<const char*, CertificateCause> expectations[] = {
        {"bad-expired", CertificateCause::Expired},
        {"bad-revoked", CertificateCause::Revoked},
        {"bad-foreign", CertificateCause::UntrustedIssuer},
        {"bad-eku", CertificateCause::WrongUsage},
        {"bad-nouuid", CertificateCause::NoCardUuid},
    };
    for (const auto& [label, cause] : expectations) {
        INFO(label);
        const auto verdict = validator.validate(authCertificateOf(label), now);
        CHECK(verdict.cause == cause);
        CHECK_FALSE(verdict.trusted());
        CHECK_FALSE(verdict.message.empty());
    }
    CHECK_THAT(validator.validate(authCertificateOf("bad-expired"), now).message, Catch::Contains("expired on 20"));
    CHECK(validator.validate({0x30, 0x03, 0x02, 0x01, 0x01}, now).cause == CertificateCause::Damaged);
}

TEST_CASE("Revocation is checked against the cached CRL only, with a grace past its nextUpdate", "[token][pki]")
{
    auto settings = DevEnvironment::get().config().pki;
    settings.crlGraceHours = 72;
    const auto validator = devValidator(settings);
    const auto due = validator.earliestCrlNextUpdate();
    REQUIRE(due);
    const auto card = authCertificateOf("oortega");

    const auto withinGrace = validator.validate(card, *due + 24h);
    CHECK(withinGrace.cause == CertificateCause::Valid);
    CHECK(withinGrace.revocationListOverdue);

    const auto pastGrace = validator.validate(card, *due + 73h);
    CHECK(pastGrace.cause == CertificateCause::RevocationStale);
    CHECK_THAT(pastGrace.message, Catch::Contains("out of date"));

    SECTION("without a cached CRL nobody signs in, and the message says why")
    {
        settings.crlCache = DevEnvironment::get().devDir() / "no-such-crl.pem";
        const auto noCrl = devValidator(settings).validate(card, std::chrono::system_clock::now());
        CHECK(noCrl.cause == CertificateCause::RevocationUnknown);
        CHECK_THAT(noCrl.message, Catch::Contains("revoked cards"));
    }
}

TEST_CASE("The validator refuses a configuration without trust anchors, naming it", "[token][pki]")
{
    cms::core::config::PkiSettings settings;
    auto none = CertificateValidator::load(settings);
    REQUIRE_FALSE(none);
    CHECK_THAT(none.error().message, Catch::Contains("trust_anchors"));
    settings.trustAnchors = DevEnvironment::get().devDir() / "missing.pem";
    auto missing = CertificateValidator::load(settings);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("missing.pem"));
}
