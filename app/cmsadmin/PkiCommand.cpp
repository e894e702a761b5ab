#include "app/cmsadmin/PkiCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"
#include "core/config/AppConfig.h"
#include "core/pki/CrlRefresher.h"

#include <boost/program_options.hpp>
#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "Usage:\n"
                               "  cmsadmin pki refresh-crl [--config FILE]\n"
                               "      fetch the lists of revoked cards from [pki] crl_urls into [pki] crl_cache\n\n"
                               "Exit status 1 when any distribution point failed or sent a list not used.\n\n";

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
        "config", po::value<std::string>(), "configuration file (default: $CMS_CONFIG)");
    const auto parsed = ActionArguments::parse(args, options, "pki", kUsage);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (parsed->helpAsked() || action != "refresh-crl") {
        (parsed->helpAsked() ? std::cout : std::cerr) << kUsage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
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
