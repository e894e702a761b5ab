#include "app/cmsadmin/PkiCheck.h"

#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"
#include "core/config/AppConfig.h"
#include "core/pki/CertificateFile.h"
#include "core/pki/CertificateValidator.h"

#include <boost/json.hpp>
#include <ctime>
#include <iostream>
#include <optional>

namespace cms::app {

namespace {

namespace po = boost::program_options;
namespace json = boost::json;
using core::pki::CertificateVerdict;

std::vector<std::filesystem::path> paths(const po::variables_map& vm, const char* name)
{
    std::vector<std::filesystem::path> result;
    if (vm.count(name) != 0) {
        for (const auto& text : vm[name].as<std::vector<std::string>>()) {
            result.emplace_back(text);
        }
    }
    return result;
}

// YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, in UTC.
std::optional<std::chrono::system_clock::time_point> parseTime(const std::string& text)
{
    std::tm parts{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts);
    if (end == nullptr || *end != '\0') {
        parts = {};
        end = strptime(text.c_str(), "%Y-%m-%d", &parts);
        if (end == nullptr || *end != '\0') {
            return std::nullopt;
        }
    }
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

// The command line's material, the configuration's for each kind not given there.
Result<core::pki::TrustMaterialFiles> trustMaterial(const po::variables_map& vm)
{
    core::pki::TrustMaterialFiles files{paths(vm, "trust"), paths(vm, "intermediate"), paths(vm, "crl")};
    const bool complete = !files.trustAnchors.empty() && vm.count("intermediate") != 0 && vm.count("crl") != 0;
    if (complete) {
        return files;
    }
    const auto configPath = vm.count("config") != 0 ? std::filesystem::path(vm["config"].as<std::string>())
                                                    : core::config::AppConfig::defaultPath();
    auto config = core::config::AppConfig::load(configPath);
    if (!config) {
        if (files.trustAnchors.empty()) {
            return std::unexpected(config.error());
        }
        return files; // what is not given stays empty: only the command line's material counts
    }
    files.crlGraceHours = config->pki.crlGraceHours;
    if (files.trustAnchors.empty() && !config->pki.trustAnchors.empty()) {
        files.trustAnchors.push_back(config->pki.trustAnchors);
    }
    if (vm.count("intermediate") == 0 && !config->pki.intermediates.empty()) {
        files.intermediates.push_back(config->pki.intermediates);
    }
    if (vm.count("crl") == 0 && std::filesystem::exists(config->pki.crlCache)) {
        files.crls.push_back(config->pki.crlCache);
    }
    return files;
}

void printText(const CertificateVerdict& verdict)
{
    std::cout << "verdict:      " << (verdict.trusted() ? "valid" : "refused") << '\n';
    if (!verdict.trusted()) {
        std::cout << "cause:        " << core::pki::toString(verdict.cause) << '\n';
    }
    std::cout << "message:      " << verdict.message << '\n';
    if (!verdict.concerns.subject.empty()) {
        std::cout << "certificate:  " << verdict.concerns.subject << '\n'
                  << "issuer:       " << verdict.concerns.issuer << '\n'
                  << "serial:       " << verdict.concerns.serial << '\n';
    }
    if (!verdict.detail.empty()) {
        std::cout << "detail:       " << verdict.detail << '\n';
    }
    if (verdict.revocationListOverdue) {
        std::cout << "warning:      the CRL used is past its renewal date (within the grace)\n";
    }
}

void printJson(const CertificateVerdict& verdict)
{
    const json::object object{
        {"valid", verdict.trusted()},
        {"cause", core::pki::toString(verdict.cause)},
        {"message", verdict.message},
        {"detail", verdict.detail},
        {"revocation_list_overdue", verdict.revocationListOverdue},
        {"certificate",
         {{"subject", verdict.concerns.subject},
          {"issuer", verdict.concerns.issuer},
          {"serial", verdict.concerns.serial}}},
    };
    std::cout << json::serialize(object) << '\n';
}

} // namespace

int runPkiCheck(const po::variables_map& vm, const std::string& certificatePath)
{
    auto at = std::chrono::system_clock::now();
    if (vm.count("at") != 0) {
        const auto parsed = parseTime(vm["at"].as<std::string>());
        if (!parsed) {
            std::cerr << "cmsadmin pki check: --at takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not \""
                      << vm["at"].as<std::string>() << "\"\n";
            return kExitUsage;
        }
        at = *parsed;
    }
    auto der = core::pki::readCertificateFile(certificatePath);
    if (!der) {
        return reportRefusal("pki check", der.error());
    }
    auto files = trustMaterial(vm);
    if (!files) {
        return reportRefusal("pki check", files.error());
    }
    auto validator = core::pki::CertificateValidator::load(*files);
    if (!validator) {
        return reportRefusal("pki check", validator.error());
    }
    const auto profile = vm.count("path-only") != 0 ? core::pki::ValidationProfile::PathOnly
                                                    : core::pki::ValidationProfile::PivAuthentication;
    const auto verdict = validator->validate(*der, at, profile);
    if (vm.count("json") != 0) {
        printJson(verdict);
    } else {
        printText(verdict);
    }
    return verdict.trusted() ? kExitOk : kExitRefused;
}

} // namespace cms::app
