// RFC 5280 conformance (issue: certificate validation that conforms): every case of NIST's
// X.509 path-validation suite (tests/data/nist-x509-paths, public domain) through `cmsadmin pki
// check --path-only`, compared with the suite's expected outcome: the same accept or refuse for
// all 76, and the same cause. docs/pki-conformance.md lists how each outcome is named here.
#include "tests/TestPaths.h"
#include "tests/support/ProcessRunner.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

namespace {

namespace fs = std::filesystem;

const fs::path kSuite = CMS_NIST_DATA_DIR;

// The suite's words for each outcome, and the cause `pki check` names for it.
const std::map<std::string, std::string> kCauseFor{
    {"Verified", "valid"},
    {"Signature error", "signature error"},
    {"Certificate is not yet valid", "not yet valid"},
    {"Certificate has expired", "expired"},
    {"Certificate issuer not found", "issuer not found"},
    {"No revocation data", "no revocation data"},
    {"Certificate is revoked", "revoked"},
    {"CA certificate not allowed to issue certs", "CA may not issue certificates"},
    {"CA certificate not allowed to issue CRLs", "CA may not issue CRLs"},
    {"Certificate chain too long", "path too long"},
    {"CRL bad signature", "CRL bad signature"},
    {"CRL contains a critical extension that could not be processed", "CRL unsupported critical extension"},
    {"CRL has expired", "CRL expired"},
};

std::map<std::string, std::string> expectedOutcomes()
{
    std::map<std::string, std::string> expected;
    std::ifstream in(kSuite / "expected.txt");
    static const std::regex line(R"(^(test\d+):(.+)$)");
    for (std::string text; std::getline(in, text);) {
        if (std::smatch parts; std::regex_match(text, parts, line)) {
            expected[parts[1]] = parts[2];
        }
    }
    return expected;
}

std::vector<std::string> argumentsFor(const fs::path& test)
{
    std::vector<std::string> args{CMSADMIN_PATH,
                                  "pki",
                                  "check",
                                  (test / "end.crt").string(),
                                  "--path-only",
                                  "--json",
                                  "--trust",
                                  (kSuite / "root.crt").string(),
                                  "--crl",
                                  (kSuite / "root.crl").string()};
    std::vector<fs::path> files(fs::directory_iterator(test), {});
    std::ranges::sort(files);
    for (const auto& file : files) {
        if (file.filename() == "end.crt") {
            continue;
        }
        args.push_back(file.extension() == ".crl" ? "--crl" : "--intermediate");
        args.push_back(file.string());
    }
    // No --config: only the test's own material counts.
    args.emplace_back("--config");
    args.emplace_back("/nonexistent/cms.conf");
    return args;
}

} // namespace

TEST_CASE("NIST path validation: every test case reaches its expected outcome through cmsadmin pki check", "[pki]")
{
    const auto expected = expectedOutcomes();
    REQUIRE(expected.size() == 76);
    int agreed = 0;
    for (const auto& [name, outcome] : expected) {
        INFO(name << ": expected \"" << outcome << "\"");
        REQUIRE(kCauseFor.contains(outcome));
        const auto output = cms::tests::runProcess(argumentsFor(kSuite / name));
        INFO(output.out << output.err);
        boost::system::error_code parseError;
        const auto verdict = boost::json::parse(output.out, parseError);
        REQUIRE_FALSE(parseError);
        const auto& object = verdict.as_object();
        const std::string cause(object.at("cause").as_string());
        CHECK(cause == kCauseFor.at(outcome));
        CHECK((output.exitCode == 0) == (outcome == "Verified"));
        agreed += cause == kCauseFor.at(outcome) ? 1 : 0;
    }
    CHECK(agreed == 76);
}
