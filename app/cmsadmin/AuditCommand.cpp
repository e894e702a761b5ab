#include "app/cmsadmin/AuditCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"
#include "core/audit/AuditChain.h"

#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

std::optional<std::string> optionOf(const po::variables_map& vm, const char* name)
{
    return vm.count(name) != 0 ? std::optional<std::string>(vm[name].as<std::string>()) : std::nullopt;
}

int verify(const core::audit::AuditChain& chain, const po::variables_map& vm)
{
    const auto verdict = chain.verify(optionOf(vm, "from"), optionOf(vm, "to"));
    if (!verdict) {
        return reportRefusal("audit verify", verdict.error());
    }
    if (!verdict->intact()) {
        std::cout << "audit chain BROKEN at position " << *verdict->brokenAt << ": " << verdict->cause << '\n'
                  << "checked positions " << verdict->firstPosition << ".." << *verdict->brokenAt - 1 << " before it ("
                  << verdict->eventsChecked << " events intact)\n";
        return kExitRefused;
    }
    if (verdict->lastPosition == 0) {
        std::cout << "no audit events in the range\n";
        return kExitOk;
    }
    std::cout << "audit chain intact: positions " << verdict->firstPosition << ".." << verdict->lastPosition << ", "
              << verdict->eventsChecked << " events, " << verdict->checkpointsChecked << " checkpoints agree; head "
              << verdict->headHash << '\n';
    return kExitOk;
}

} // namespace

int runAudit(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin audit");
    options.add_options()("help,h", "show this help")(
        "from", po::value<std::string>(), "verify: events received from this time (e.g. 2026-11-22T08:00Z)")(
        "to", po::value<std::string>(), "verify: events received up to this time");
    options.add(adminConnectionOptions());
    const std::string usage =
        "Usage: cmsadmin audit verify|checkpoint [--from TIME] [--to TIME] [--db CONNINFO]\n\n"
        "  verify      recompute the audit trail's hash chain (all of it, or the events received\n"
        "              between --from and --to) and its checkpoints; exit 0 only when intact,\n"
        "              otherwise name the first broken link and its position\n"
        "  checkpoint  record the chain's head (position, hash, count, time); the operator's timer\n"
        "              runs it at least every 15 minutes\n\n";
    const auto parsed = ActionArguments::parse(args, options, "audit", usage);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (parsed->helpAsked() || (action != "verify" && action != "checkpoint")) {
        (action.empty() || parsed->helpAsked() ? std::cout : std::cerr) << usage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
    }
    auto connection = openAdminConnection(vm);
    if (!connection) {
        return reportRefusal("audit " + action, connection.error());
    }
    const core::audit::AuditChain chain(*connection);
    if (action == "verify") {
        return verify(chain, vm);
    }
    const auto position = chain.writeCheckpoint();
    if (!position) {
        return reportRefusal("audit checkpoint", position.error());
    }
    std::cout << "checkpoint written at position " << *position << '\n';
    return kExitOk;
}

} // namespace cms::app
