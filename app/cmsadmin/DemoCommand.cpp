#include "app/cmsadmin/DemoCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"
#include "core/admin/DemoSeeder.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "Usage: cmsadmin demo seed --cases N [--seed S] [--append] [--db CONNINFO]\n\n"
    "Fills the central database with realistic synthetic cases: firms, products, samples, people\n"
    "with PII, notes, determinations, corrective actions and letters. The same seed gives the same\n"
    "data (for the same case workers). Into an empty database only, unless --append.\n"
    "For demo and benchmark databases: never run it against the office's real database.\n\n";

} // namespace

int runDemo(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin demo seed");
    options.add_options()("help,h", "show this help")("cases", po::value<long long>(), "how many cases to make")(
        "seed", po::value<std::uint64_t>()->default_value(1), "the random seed: the same seed, the same data")(
        "append", "add to a database that already holds (demo) cases");
    options.add(adminConnectionOptions());
    const auto parsed = ActionArguments::parse(args, options, "demo", kUsage);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (vm.count("help") != 0) {
        std::cout << kUsage << options;
        return kExitOk;
    }
    if (action != "seed" || vm.count("cases") == 0) {
        std::cerr << (action != "seed" ? "cmsadmin demo: the action is seed\n"
                                       : "cmsadmin demo seed: --cases is required\n")
                  << kUsage << options;
        return kExitUsage;
    }
    auto connection = openAdminConnection(vm);
    if (!connection) {
        return reportRefusal("demo seed", connection.error());
    }
    core::admin::DemoSeedRequest request;
    request.cases = vm["cases"].as<long long>();
    request.seed = vm["seed"].as<std::uint64_t>();
    request.append = vm.count("append") != 0;
    const auto started = std::chrono::steady_clock::now();
    auto report = core::admin::DemoSeeder(*connection).seed(request, [&](std::string_view table, long long rows) {
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
        char line[160];
        std::snprintf(
            line, sizeof line, "  %-26s %10lld rows  (%.1f s)", std::string(table).c_str(), rows, elapsed.count());
        std::cout << line << std::endl;
    });
    if (!report) {
        return reportRefusal("demo seed", report.error());
    }
    char summary[160];
    std::snprintf(summary,
                  sizeof summary,
                  "seeded %lld rows in %.1f s (%.0f rows/s), seed %llu\n",
                  report->totalRows,
                  report->seconds,
                  static_cast<double>(report->totalRows) / report->seconds,
                  static_cast<unsigned long long>(request.seed));
    std::cout << summary;
    return kExitOk;
}

} // namespace cms::app
