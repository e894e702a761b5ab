#include "app/cmsadmin/AuditCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/AdminEvent.h"
#include "app/cmsadmin/Command.h"
#include "app/cmsadmin/DeviceReview.h"
#include "core/audit/AuditChain.h"
#include "core/audit/HecForwarder.h"

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

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

std::atomic<bool> g_stopAsked{false};

extern "C" void askToStop(int)
{
    g_stopAsked = true;
}

// https://host[:port] -> host, port (HEC's default port 8088).
std::optional<std::pair<std::string, std::string>> hostAndPort(const std::string& url)
{
    const std::string scheme = "https://";
    if (!url.starts_with(scheme)) {
        return std::nullopt;
    }
    std::string rest = url.substr(scheme.size());
    rest = rest.substr(0, rest.find('/'));
    const auto colon = rest.rfind(':');
    if (rest.empty() || colon == 0) {
        return std::nullopt;
    }
    if (colon == std::string::npos) {
        return std::pair{rest, std::string("8088")};
    }
    return std::pair{rest.substr(0, colon), rest.substr(colon + 1)};
}

// The token from its file: the file must be the service's alone (no group or other access).
Result<std::string> tokenFrom(const std::string& file)
{
    struct stat status
    {
    };
    if (::stat(file.c_str(), &status) != 0) {
        return fail(ErrorCode::Config, "The HEC token file " + file + " cannot be read.");
    }
    if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return fail(ErrorCode::Config,
                    "The HEC token file " + file + " can be read by others: make it the service's alone (chmod 600).");
    }
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    if (token.empty()) {
        return fail(ErrorCode::Config, "The HEC token file " + file + " is empty.");
    }
    return token;
}

int forward(const core::remote::PgConnection& connection, const po::variables_map& vm)
{
    const auto url = optionOf(vm, "hec-url");
    const auto tokenFile = optionOf(vm, "hec-token-file");
    const auto ca = optionOf(vm, "hec-ca");
    if (!url || !tokenFile || !ca) {
        std::cerr << "cmsadmin audit forward: --hec-url, --hec-token-file and --hec-ca are required\n";
        return kExitUsage;
    }
    const auto where = hostAndPort(*url);
    if (!where) {
        std::cerr << "cmsadmin audit forward: --hec-url \"" << *url << "\" is not https://HOST[:PORT]\n";
        return kExitUsage;
    }
    auto token = tokenFrom(*tokenFile);
    if (!token) {
        return reportRefusal("audit forward", token.error());
    }
    core::audit::HecSettings settings;
    settings.host = where->first;
    settings.port = where->second;
    settings.token = *token;
    settings.caFile = *ca;
    settings.destination = vm["destination"].as<std::string>();
    settings.batchSize = vm["batch"].as<int>();
    if (settings.batchSize < 1 || settings.batchSize > 100'000) {
        std::cerr << "cmsadmin audit forward: --batch must be between 1 and 100000\n";
        return kExitUsage;
    }
    const bool follow = vm.count("follow") != 0;
    // Recorded when it starts only: an event per run would itself be forwarded by the next run.
    recordAdminEvent(connection,
                     "admin.audit_forward",
                     kExitOk,
                     {{"destination", settings.destination}, {"collector", settings.host}, {"follow", follow}});
    std::signal(SIGTERM, askToStop);
    std::signal(SIGINT, askToStop);
    const core::audit::HecForwarder forwarder(
        connection, settings, {}, [](const std::string& said) { std::cerr << "audit forward: " << said << '\n'; });
    long long forwarded = 0;
    long long quarantined = 0;
    for (;;) {
        const auto report = forwarder.forwardAvailable([] { return !g_stopAsked; });
        if (!report) {
            return reportRefusal("audit forward", report.error());
        }
        forwarded += report->forwarded;
        quarantined += report->quarantined;
        if (report->forwarded + report->quarantined > 0 || !follow) {
            std::cout << "forwarded " << forwarded << " events to " << *url << " (" << quarantined
                      << " quarantined as invalid); acknowledged up to chain position " << report->lastPosition
                      << std::endl;
        }
        if (!follow || g_stopAsked) {
            return quarantined > 0 ? kExitRefused : kExitOk;
        }
        for (int waited = 0; waited < vm["interval"].as<int>() * 10 && !g_stopAsked; ++waited) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (g_stopAsked) {
            return kExitOk;
        }
    }
}

} // namespace

int runAudit(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin audit");
    options.add_options()("help,h", "show this help")(
        "from", po::value<std::string>(), "verify: events received from this time (e.g. 2026-11-22T08:00Z)")(
        "to", po::value<std::string>(), "verify: events received up to this time")(
        "hec-url", po::value<std::string>(), "forward: Splunk's HTTP Event Collector, https://HOST[:PORT]")(
        "hec-token-file", po::value<std::string>(), "forward: file holding the HEC token (mode 600)")(
        "hec-ca", po::value<std::string>(), "forward: CA certificates that verify the collector's certificate")(
        "destination", po::value<std::string>()->default_value("splunk"), "forward: the cursor's name")(
        "batch", po::value<int>()->default_value(1000), "forward: events per request")(
        "follow", "forward: keep forwarding new events until stopped (SIGTERM)")(
        "interval", po::value<int>()->default_value(5), "forward --follow: seconds between looks")(
        "quarantined", po::value<long long>(), "rebaseline: the set-aside batch reviewed (cmsadmin audit quarantine)")(
        "reason", po::value<std::string>(), "rebaseline: why the device may go on (kept with the review)");
    options.add(adminConnectionOptions());
    const std::string usage =
        "Usage: cmsadmin audit verify|checkpoint [--from TIME] [--to TIME] [--db CONNINFO]\n"
        "       cmsadmin audit quarantine | rebaseline --quarantined ID --reason TEXT [--db CONNINFO]\n"
        "       cmsadmin audit forward --hec-url URL --hec-token-file FILE --hec-ca FILE [--follow]\n\n"
        "  verify      recompute the audit trail's hash chain (all of it, or the events received\n"
        "              between --from and --to) and its checkpoints; exit 0 only when intact,\n"
        "              otherwise name the first broken link and its position\n"
        "  checkpoint  record the chain's head (position, hash, count, time); the operator's timer\n"
        "              runs it at least every 15 minutes\n"
        "  forward     ship the events not yet acknowledged to Splunk's HTTP Event Collector (gzip,\n"
        "              channel, indexer acknowledgment; the cursor moves only after it); retries\n"
        "              without limit; --follow runs as the service does; exit 1 if any event was\n"
        "              quarantined as invalid (cms_audit.forward_quarantine)\n"
        "  quarantine  list the laptops' audit batches the server set aside (a broken device chain)\n"
        "  rebaseline  --quarantined ID --reason TEXT: after review, the device's chain goes on from\n"
        "              that batch's last event (an auditor's connection; the batch stays set aside)\n\n";
    const auto parsed = ActionArguments::parse(args, options, "audit", usage);
    if (!parsed) {
        return kExitUsage;
    }
    const auto& vm = parsed->values();
    const std::string& action = parsed->action();
    if (parsed->helpAsked()
        || (action != "verify" && action != "checkpoint" && action != "forward" && action != "quarantine"
            && action != "rebaseline")) {
        (action.empty() || parsed->helpAsked() ? std::cout : std::cerr) << usage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
    }
    auto connection = openAdminConnection(vm);
    if (!connection) {
        return reportRefusal("audit " + action, connection.error());
    }
    if (action == "forward") {
        return forward(*connection, vm);
    }
    if (action == "quarantine") {
        return listQuarantine(*connection);
    }
    if (action == "rebaseline") {
        // The function records the review and any refusal itself (audit.device_rebaselined).
        return rebaselineDevice(*connection, vm);
    }
    const core::audit::AuditChain chain(*connection);
    if (action == "verify") {
        const int code = verify(chain, vm);
        recordAdminEvent(*connection, "admin.audit_verify", code);
        return code;
    }
    const auto position = chain.writeCheckpoint();
    recordAdminEvent(*connection, "admin.audit_checkpoint", position ? kExitOk : kExitRefused);
    if (!position) {
        return reportRefusal("audit checkpoint", position.error());
    }
    std::cout << "checkpoint written at position " << *position << '\n';
    return kExitOk;
}

} // namespace cms::app
