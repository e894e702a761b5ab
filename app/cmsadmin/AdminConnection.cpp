#include "app/cmsadmin/AdminConnection.h"

#include "app/cmsadmin/Command.h"
#include "core/config/AppConfig.h"

#include <iostream>

namespace cms::app {

namespace po = boost::program_options;

po::options_description adminConnectionOptions()
{
    po::options_description options("Connection");
    options.add_options()(
        "db", po::value<std::string>(), "libpq connection string (default: [admin] conninfo of the configuration)")(
        "config", po::value<std::string>(), "configuration file (default: $CMS_CONFIG)");
    return options;
}

Result<core::remote::PgConnection> openAdminConnection(const po::variables_map& vm)
{
    std::string conninfo;
    if (vm.count("db") != 0) {
        conninfo = vm["db"].as<std::string>();
    } else {
        const auto path = vm.count("config") != 0 ? std::filesystem::path(vm["config"].as<std::string>())
                                                  : core::config::AppConfig::defaultPath();
        auto config = core::config::AppConfig::load(path);
        if (!config) {
            return std::unexpected(config.error());
        }
        conninfo = config->admin.conninfo;
    }
    if (conninfo.empty()) {
        return fail(ErrorCode::Config, "No database is named: give --db or set [admin] conninfo in the configuration.");
    }
    return core::remote::PgConnection::openConnInfo(conninfo);
}

int reportRefusal(const std::string& command, const Error& error)
{
    std::cerr << "cmsadmin " << command << ": " << error.message << '\n';
    if (!error.detail.empty()) {
        std::cerr << "  detail: " << error.detail << '\n';
    }
    return kExitRefused;
}

} // namespace cms::app
