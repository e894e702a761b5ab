#include "app/cmsadmin/PkiCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"
#include "app/cmsadmin/PkiCheck.h"
#include "core/config/AppConfig.h"
#include "core/pki/CrlRefresher.h"

#include <boost/program_options.hpp>
#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "Usage:\n"
    "  cmsadmin pki check CERT [--trust FILE]... [--intermediate FILE]... [--crl FILE]...\n"
    "                          [--at TIME] [--path-only] [--json] [--config FILE]\n"
    "      validate a certificate (DER or PEM) exactly as sign-in does, with the configured trust\n"
    "      anchors, intermediates and CRL cache unless files are given; print the verdict and, when\n"
    "      refused, the cause in the sign-in's words and the certificate it concerns. --path-only:\n"
    "      RFC 5280 path validation alone (not a PIV Authentication certificate). TIME: YYYY-MM-DD\n"
    "      or YYYY-MM-DDTHH:MM:SSZ (UTC; default now). Exit 0 only for a valid certificate.\n"
    "  cmsadmin pki refresh-crl [--config FILE]\n"
    "      fetch the lists of revoked cards from [pki] crl_urls into [pki] crl_cache; exit 1 when\n"
    "      any distribution point failed or sent a list not used\n\n";

int refreshCrl(const core::config::AppConfig& config)
{
    if (config.pki.crlUrls.empty()) {
        std::cerr << "cmsadmin pki refresh-crl: the configuration names no distribution point ([pki] crl_urls)\n";
        return kExitRefused;
    }
    auto report = core::pki::CrlRefresher(config.pki).refresh();
    if (!report) {
        return reportRefusal("pki refresh-crl", report.error());
    }
    for (const auto& source : report->sources) {
        std::cout << core::pki::CrlRefresher::toString(source.state) << "  " << source.url << ": " << source.message
                  << '\n';
    }
    std::cout << (report->cacheReplaced ? "cache replaced: " : "cache unchanged: ") << config.pki.crlCache.string()
              << '\n';
    return report->anyFailed() ? kExitRefused : kExitOk;
}

} // namespace

int runPki(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin pki");
    options.add_options()("help,h", "show this help")(
        "config", po::value<std::string>(), "configuration file (default: $CMS_CONFIG)")(
        "trust", po::value<std::vector<std::string>>(), "check: a trust anchor file (repeatable)")(
        "intermediate", po::value<std::vector<std::string>>(), "check: an intermediate certificate file (repeatable)")(
        "crl", po::value<std::vector<std::string>>(), "check: a CRL file (repeatable)")(
        "at", po::value<std::string>(), "check: validate at this time (UTC)")(
        "path-only", "check: RFC 5280 path validation alone, not the PIV profile")(
        "json", "check: print the verdict as one JSON object");
    const auto parsed = ActionArguments::parse(args, options, "pki", kUsage, true);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (parsed->helpAsked() || (action != "refresh-crl" && action != "check")) {
        (parsed->helpAsked() ? std::cout : std::cerr) << kUsage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
    }
    if (action == "check") {
        if (vm.count("target") == 0) {
            std::cerr << "cmsadmin pki check: name the certificate file\n\n" << kUsage;
            return kExitUsage;
        }
        return runPkiCheck(vm, vm["target"].as<std::string>());
    }
    const auto path = vm.count("config") != 0 ? std::filesystem::path(vm["config"].as<std::string>())
                                              : core::config::AppConfig::defaultPath();
    auto config = core::config::AppConfig::load(path);
    if (!config) {
        return reportRefusal("pki " + action, config.error());
    }
    return refreshCrl(*config);
}

} // namespace cms::app
