#include "app/cmsadmin/DbCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/AdminEvent.h"
#include "app/cmsadmin/Command.h"
#include "core/remote/ServerMigrator.h"

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;
using core::remote::ServerMigrator;

int refuse(const std::string& action, const Error& error)
{
    return reportRefusal("db " + action, error);
}

std::string versionText(int version)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d", version);
    return text;
}

int printStatus(const ServerMigrator& migrator)
{
    auto states = migrator.status();
    if (!states) {
        return refuse("status", states.error());
    }
    int pending = 0;
    int unknown = 0;
    for (const auto& state : *states) {
        std::string where = state.appliedAt ? "applied " + *state.appliedAt : "pending";
        if (!state.known) {
            where += "  NOT KNOWN to this cmsadmin (the database is newer)";
            ++unknown;
        } else if (!state.appliedAt) {
            ++pending;
        }
        std::cout << versionText(state.version) << "  " << state.name << "  " << where << '\n';
    }
    if (unknown > 0) {
        std::cout << unknown << " migration(s) newer than this cmsadmin\n";
        return kExitRefused;
    }
    if (pending > 0) {
        std::cout << pending << " migration(s) pending: run cmsadmin db migrate\n";
        return kExitRefused;
    }
    std::cout << "up to date\n";
    return kExitOk;
}

int migrate(const ServerMigrator& migrator)
{
    auto applied = migrator.migrate([](const core::storage::Migration& migration) {
        std::cout << "applying " << versionText(migration.version) << "  " << migration.name << std::endl;
    });
    if (!applied) {
        return refuse("migrate", applied.error());
    }
    std::cout << (applied->empty() ? "already up to date" : std::to_string(applied->size()) + " migration(s) applied")
              << '\n';
    return kExitOk;
}

} // namespace

int runDb(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin db");
    options.add_options()("help,h", "show this help");
    options.add(adminConnectionOptions());
    const std::string usage = "Usage: cmsadmin db migrate|status [--db CONNINFO]\n\n"
                              "  migrate   apply the pending migrations, each in its own transaction\n"
                              "  status    list the migrations; exit 0 only when the database is up to date\n\n";
    const auto parsed = ActionArguments::parse(args, options, "db", usage);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (parsed->helpAsked() || (action != "migrate" && action != "status")) {
        (action.empty() || parsed->helpAsked() ? std::cout : std::cerr) << usage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
    }
    auto connection = openAdminConnection(vm);
    if (!connection) {
        return refuse(action, connection.error());
    }
    const ServerMigrator migrator(*connection);
    if (action == "status") {
        return printStatus(migrator);
    }
    const int code = migrate(migrator);
    recordAdminEvent(*connection, "admin.db_migrate", code);
    return code;
}

} // namespace cms::app
