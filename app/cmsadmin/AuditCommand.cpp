#include "app/cmsadmin/AuditCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/AdminEvent.h"
#include "app/cmsadmin/Command.h"
#include "app/cmsadmin/DeviceReview.h"
#include "core/audit/AuditChain.h"
#include "core/audit/HecForwarder.h"
#include "core/audit/SyslogForwarder.h"

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
              << verdict->eventsChecked << " events, " << verdict->checkpointsChecked << " checkpoints agree, "
              << verdict->batchesChecked << " laptop batches signed by their cards; head " << verdict->headHash << '\n';
    return kExitOk;
}

std::atomic<bool> g_stopAsked{false};

extern "C" void askToStop(int)
{
    g_stopAsked = true;
}

// https://host[:port] -> host, port (`defaultPort` when none is given).
std::optional<std::pair<std::string, std::string>> hostAndPort(const std::string& url, const std::string& defaultPort)
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
        return std::pair{rest, defaultPort};
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

// tls://host[:port] -> host, port (syslog over TLS's port 6514).
std::optional<std::pair<std::string, std::string>> syslogHostAndPort(const std::string& url)
{
    if (!url.starts_with("tls://")) {
        return std::nullopt;
    }
    return hostAndPort("https://" + url.substr(6), "6514");
}

// Runs one forwarder until caught up, or (--follow) until SIGTERM; says what it delivered.
template <typename Forwarder>
int runForwarder(const Forwarder& forwarder, const std::string& to, bool follow, int interval)
{
    std::signal(SIGTERM, askToStop);
    std::signal(SIGINT, askToStop);
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
            std::cout << "forwarded " << forwarded << " events to " << to << " (" << quarantined
                      << " quarantined); delivered up to chain position " << report->lastPosition << std::endl;
        }
        if (!follow || g_stopAsked) {
            return quarantined > 0 ? kExitRefused : kExitOk;
        }
        for (int waited = 0; waited < interval * 10 && !g_stopAsked; ++waited) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (g_stopAsked) {
            return kExitOk;
        }
    }
}

void sayOnStderr(const std::string& said)
{
    std::cerr << "audit forward: " << said << '\n';
}

int forwardToSyslog(const core::remote::PgConnection& connection, const po::variables_map& vm)
{
    const auto url = *optionOf(vm, "syslog-url");
    const auto ca = optionOf(vm, "syslog-ca");
    const auto where = syslogHostAndPort(url);
    if (!ca || !where) {
        std::cerr << "cmsadmin audit forward: --syslog-url tls://HOST[:PORT] and --syslog-ca are required\n";
        return kExitUsage;
    }
    const auto certificate = optionOf(vm, "syslog-cert");
    const auto key = optionOf(vm, "syslog-key");
    if (certificate.has_value() != key.has_value()) {
        std::cerr << "cmsadmin audit forward: --syslog-cert and --syslog-key go together\n";
        return kExitUsage;
    }
    core::audit::SyslogSettings settings;
    settings.receiver.host = where->first;
    settings.receiver.port = where->second;
    settings.receiver.caFile = *ca;
    settings.receiver.clientCertificate = certificate.value_or("");
    settings.receiver.clientKey = key.value_or("");
    settings.destination = optionOf(vm, "destination").value_or("syslog");
    settings.batchSize = vm["batch"].as<int>();
    const auto maxMessage = vm["syslog-max-message"].as<long long>();
    if (maxMessage < 480 || maxMessage > 1'048'576) {
        std::cerr << "cmsadmin audit forward: --syslog-max-message must be between 480 octets (RFC 5424's least) "
                     "and 1048576\n";
        return kExitUsage;
    }
    settings.maxMessageBytes = static_cast<std::size_t>(maxMessage);
    const bool follow = vm.count("follow") != 0;
    recordAdminEvent(
        connection,
        "admin.audit_forward",
        kExitOk,
        {{"destination", settings.destination}, {"collector", settings.receiver.host}, {"follow", follow}});
    const core::audit::SyslogForwarder forwarder(connection, settings, {}, sayOnStderr);
    return runForwarder(forwarder, url, follow, vm["interval"].as<int>());
}

int forward(const core::remote::PgConnection& connection, const po::variables_map& vm)
{
    if (vm["batch"].as<int>() < 1 || vm["batch"].as<int>() > 100'000) {
        std::cerr << "cmsadmin audit forward: --batch must be between 1 and 100000\n";
        return kExitUsage;
    }
    if (vm.count("syslog-url") != 0) {
        if (vm.count("hec-url") != 0) {
            std::cerr << "cmsadmin audit forward: one destination per forwarder: --hec-url or --syslog-url\n";
            return kExitUsage;
        }
        return forwardToSyslog(connection, vm);
    }
    const auto url = optionOf(vm, "hec-url");
    const auto tokenFile = optionOf(vm, "hec-token-file");
    const auto ca = optionOf(vm, "hec-ca");
    if (!url || !tokenFile || !ca) {
        std::cerr << "cmsadmin audit forward: --hec-url, --hec-token-file and --hec-ca are required (or --syslog-url "
                     "and --syslog-ca)\n";
        return kExitUsage;
    }
    const auto where = hostAndPort(*url, "8088");
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
    settings.destination = optionOf(vm, "destination").value_or("splunk");
    settings.batchSize = vm["batch"].as<int>();
    const bool follow = vm.count("follow") != 0;
    // Recorded when it starts only: an event per run would itself be forwarded by the next run.
    recordAdminEvent(connection,
                     "admin.audit_forward",
                     kExitOk,
                     {{"destination", settings.destination}, {"collector", settings.host}, {"follow", follow}});
    const core::audit::HecForwarder forwarder(connection, settings, {}, sayOnStderr);
    return runForwarder(forwarder, *url, follow, vm["interval"].as<int>());
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
        "syslog-url", po::value<std::string>(), "forward: a syslog receiver over TLS (RFC 5425), tls://HOST[:PORT]")(
        "syslog-ca",
        po::value<std::string>(),
        "forward: CA certificates that verify the syslog receiver's certificate")(
        "syslog-cert", po::value<std::string>(), "forward: this forwarder's certificate, for a receiver that asks")(
        "syslog-key", po::value<std::string>(), "forward: the key of --syslog-cert")(
        "syslog-max-message",
        po::value<long long>()->default_value(8192),
        "forward: the receiver's longest message in octets; a longer event is quarantined")(
        "destination", po::value<std::string>(), "forward: the cursor's name (default: splunk, or syslog)")(
        "batch", po::value<int>()->default_value(1000), "forward: events per request")(
        "follow", "forward: keep forwarding new events until stopped (SIGTERM)")(
        "interval", po::value<int>()->default_value(5), "forward --follow: seconds between looks")(
        "quarantined", po::value<long long>(), "rebaseline: the set-aside batch reviewed (cmsadmin audit quarantine)")(
        "reason", po::value<std::string>(), "rebaseline: why the device may go on (kept with the review)");
    options.add(adminConnectionOptions());
    const std::string usage =
        "Usage: cmsadmin audit verify|checkpoint [--from TIME] [--to TIME] [--db CONNINFO]\n"
        "       cmsadmin audit quarantine | rebaseline --quarantined ID --reason TEXT [--db CONNINFO]\n"
        "       cmsadmin audit forward --hec-url URL --hec-token-file FILE --hec-ca FILE [--follow]\n"
        "       cmsadmin audit forward --syslog-url tls://HOST[:PORT] --syslog-ca FILE [--follow]\n\n"
        "  verify      recompute the audit trail's hash chain (all of it, or the events received\n"
        "              between --from and --to) and its checkpoints; exit 0 only when intact,\n"
        "              otherwise name the first broken link and its position\n"
        "  checkpoint  record the chain's head (position, hash, count, time); the operator's timer\n"
        "              runs it at least every 15 minutes\n"
        "  forward     ship the events not yet acknowledged to Splunk's HTTP Event Collector (gzip,\n"
        "              channel, indexer acknowledgment; the cursor moves only after it), or as\n"
        "              RFC 5424 syslog over TLS (the cursor moves once the receiver has read the\n"
        "              batch); retries without limit; --follow runs as the service does; exit 1 if\n"
        "              any event was quarantined (cms_audit.forward_quarantine)\n"
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
