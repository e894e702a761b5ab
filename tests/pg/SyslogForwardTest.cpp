// Delivering the audit trail as RFC 5424 syslog over TLS (RFC 5425 framing), to a real rsyslog
// started by the test on loopback with the dev PKI's server certificate (issue: audit trail,
// delivery), on a scratch database of the dev cluster: the messages' form, every event at least
// once through a receiver stopped and restarted mid-batch and a forwarder killed with SIGKILL,
// an untrusted receiver refused before anything is sent, an event too long quarantined.
#include "core/audit/SyslogForwarder.h"
#include "core/remote/ServerMigrator.h"
#include "tests/pg/ForwardFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/RsyslogServer.h"
#include "tests/support/ScratchDatabase.h"

#include <arpa/inet.h>
#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <regex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using cms::core::audit::SyslogForwarder;
using cms::core::audit::SyslogSettings;
using cms::tests::addCaseOpenEvents;
using cms::tests::adminConnection;
using cms::tests::devPki;
using cms::tests::must;
using cms::tests::RsyslogServer;

namespace {

constexpr const char* kScratch = "cms_syslog_forward_test";

RsyslogServer newReceiver()
{
    return RsyslogServer(devPki() / "server-chain.crt", devPki() / "server.key", devPki() / "root.crt");
}

SyslogSettings settingsFor(const RsyslogServer& receiver)
{
    SyslogSettings settings;
    settings.receiver.host = "localhost";
    settings.receiver.port = receiver.port();
    settings.receiver.caFile = devPki() / "root.crt";
    settings.receiver.timeout = std::chrono::milliseconds(3000);
    settings.batchSize = 40;
    settings.backoffFirst = std::chrono::milliseconds(2);
    settings.backoffMax = std::chrono::milliseconds(20);
    return settings;
}

long long eventCount(const cms::core::remote::PgConnection& admin)
{
    return std::stoll(must(admin, "SELECT count(*) FROM cms_audit.events").text(0, 0));
}

// One received line: the RFC 5424 header, the structured data and the JSON message.
struct Received
{
    int priority = 0;
    std::string timestamp;
    std::string msgid;
    long long id = 0;
    long long position = 0;
    std::string hash;
    std::string outcome;
    boost::json::value event;
};

Received parse(const std::string& line)
{
    static const std::regex form(R"re(^<(\d+)>1 (\S+) (\S+) cms - (\S+) \[cms@32473 id="(\d+)" position="(\d+)" )re"
                                 R"re(hash="([0-9a-f]{64})" outcome="(\w+)"\] )re"
                                 "\xEF\xBB\xBF"
                                 R"re((\{.*\})$)re");
    std::smatch parts;
    INFO(line);
    REQUIRE(std::regex_match(line, parts, form));
    return Received{std::stoi(parts[1]),
                    parts[2],
                    parts[4],
                    std::stoll(parts[5]),
                    std::stoll(parts[6]),
                    parts[7],
                    parts[8],
                    boost::json::parse(parts[9].str())};
}

// Every event of the database not quarantined reached the receiver, with its own hash and type;
// nothing else did. Returns how many times each id arrived.
std::map<long long, int> checkDelivered(const cms::core::remote::PgConnection& admin, const RsyslogServer& receiver)
{
    const auto all = must(admin,
                          "SELECT e.id, encode(e.hash, 'hex'), e.event_type, e.chain_position FROM cms_audit.events e "
                          "WHERE NOT EXISTS (SELECT FROM cms_audit.forward_quarantine q WHERE q.event_id = e.id) "
                          "ORDER BY e.id");
    std::map<long long, int> times;
    std::map<long long, Received> received;
    for (const auto& line : receiver.messages(static_cast<std::size_t>(all.rows()))) {
        auto message = parse(line);
        ++times[message.id];
        received[message.id] = std::move(message);
    }
    for (int row = 0; row < all.rows(); ++row) {
        const long long id = std::stoll(all.text(row, 0));
        INFO("event " << id);
        REQUIRE(received.contains(id));
        const auto& message = received.at(id);
        CHECK(message.hash == all.text(row, 1));
        CHECK(message.msgid == all.text(row, 2));
        CHECK(message.position == std::stoll(all.text(row, 3)));
        CHECK(message.event.at("id").as_int64() == id);
        CHECK(message.event.at("hash").as_string() == all.text(row, 1));
    }
    CHECK(times.size() == static_cast<std::size_t>(all.rows())); // nothing received that is not an event
    return times;
}

} // namespace

TEST_CASE("The forwarder delivers the audit trail to a real rsyslog over TLS as RFC 5424 messages",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 100, R"({"case_id": "X", "note": "quote \" bracket ] backslash \\ and é"})");
    must(admin, "SELECT cms_audit.record_event('case.open', 'cms.cases', 'CASE-R', 'refused', '{}'::jsonb)");
    const auto receiver = newReceiver();
    const SyslogForwarder forwarder(admin, settingsFor(receiver));

    const auto report = forwarder.forwardAvailable();
    REQUIRE(report);
    CHECK(report->forwarded == eventCount(admin));
    CHECK(report->quarantined == 0);
    CHECK(report->retries == 0);
    const auto times = checkDelivered(admin, receiver);
    for (const auto& [id, count] : times) {
        CHECK(count == 1); // no fault: each once
    }
    // The header: facility 13 (log audit), informational for a success and warning otherwise;
    // the time the action happened, in UTC.
    const auto messages = receiver.messages();
    const auto first = parse(messages.front());
    const auto refused = parse(messages.back());
    CHECK(first.priority == 13 * 8 + 6);
    CHECK(refused.priority == 13 * 8 + 4);
    CHECK(refused.outcome == "refused");
    CHECK(std::regex_match(first.timestamp, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
    CHECK(first.timestamp == std::string(first.event.at("occurred_at").as_string()));
    CHECK(first.event.at("details").at("note").as_string() == "quote \" bracket ] backslash \\ and é");
    CHECK(must(admin,
               "SELECT last_position = (SELECT max(chain_position) FROM cms_audit.events) FROM "
               "cms_audit.forward_cursors WHERE destination = 'syslog'")
              .text(0, 0)
          == "t");
    const auto again = forwarder.forwardAvailable();
    REQUIRE(again);
    CHECK(again->forwarded == 0);
    // Nothing more arrives (a duplicate would come within the wait).
    CHECK(receiver.messages(messages.size() + 1, std::chrono::milliseconds(500)).size() == messages.size());
}

TEST_CASE("A syslog receiver that stops answering holds the forwarder no longer than its timeout per step",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 5);
    // A listening socket nobody serves: the connection is accepted by the kernel, the TLS
    // handshake never answered.
    const int silent = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(silent, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(silent, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    SyslogSettings settings;
    settings.receiver.host = "127.0.0.1";
    settings.receiver.port = std::to_string(ntohs(address.sin_port));
    settings.receiver.caFile = devPki() / "root.crt";
    settings.receiver.timeout = std::chrono::milliseconds(200);
    settings.backoffFirst = std::chrono::milliseconds(1);
    settings.backoffMax = std::chrono::milliseconds(1);
    int looks = 0;
    std::vector<std::string> said;
    const auto started = std::chrono::steady_clock::now();
    const auto report = SyslogForwarder(admin, settings, {}, [&](const std::string& text) {
                            said.push_back(text);
                        }).forwardAvailable([&] { return ++looks < 4; });
    const auto took = std::chrono::steady_clock::now() - started;
    close(silent);
    REQUIRE(report);
    CHECK(report->forwarded == 0);
    CHECK(report->retries >= 2);
    REQUIRE_FALSE(said.empty());
    CHECK_THAT(said.front(), Catch::Contains("TLS handshake") && Catch::Contains("timeout"));
    CHECK(took < std::chrono::seconds(10)); // without the timeouts: forever
}

TEST_CASE("A syslog receiver whose certificate the CA file does not vouch for is sent nothing, and the run stops",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 10);
    const auto receiver = newReceiver();
    auto settings = settingsFor(receiver);
    settings.receiver.caFile = devPki() / "foreign" / "root.crt"; // an impostor's root

    const auto refused = SyslogForwarder(admin, settings).forwardAvailable();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == cms::ErrorCode::CertificateRefused);
    CHECK_THAT(refused.error().message, Catch::Contains("does not vouch for"));
    CHECK(must(admin, "SELECT last_position FROM cms_audit.forward_cursors WHERE destination = 'syslog'").text(0, 0)
          == "0");
    CHECK(receiver.messages().empty());
}

TEST_CASE("An event longer than the syslog receiver takes is quarantined and reported, and the rest goes on",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 30);
    addCaseOpenEvents(admin, 1, R"({"note": ")" + std::string(3000, 'x') + R"("})");
    addCaseOpenEvents(admin, 30);
    const auto receiver = newReceiver();
    auto settings = settingsFor(receiver);
    settings.maxMessageBytes = 2048;

    const auto report = SyslogForwarder(admin, settings).forwardAvailable();
    REQUIRE(report);
    CHECK(report->quarantined == 1);
    CHECK(report->forwarded == eventCount(admin) - 1);
    CHECK_THAT(must(admin, "SELECT reason FROM cms_audit.forward_quarantine WHERE destination = 'syslog'").text(0, 0),
               Catch::Contains("longer than the receiver takes (2048)"));
    checkDelivered(admin, receiver);
}

TEST_CASE("Forwarding while the syslog receiver is stopped and restarted mid-batch delivers every event, duplicates "
          "only by id",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    auto receiver = newReceiver();
    const auto seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 random(seed);
    const SyslogForwarder forwarder(admin, settingsFor(receiver));
    int restarts = 0;
    long long retries = 0;
    for (int run = 0; run < 30; ++run) {
        addCaseOpenEvents(admin, 20 + static_cast<int>(random() % 120));
        std::atomic<bool> done{false};
        cms::Result<cms::core::audit::ForwardReport> report;
        std::thread forwarding([&] {
            report = forwarder.forwardAvailable();
            done = true;
        });
        // The receiver goes away part-way (or not at all), for a while, and comes back.
        std::string restartFailed;
        if (random() % 4 != 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 30));
            receiver.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 50));
            try {
                receiver.start();
            } catch (const std::exception& failed) {
                restartFailed = failed.what();
            }
            ++restarts;
        }
        forwarding.join();
        INFO(restartFailed);
        REQUIRE(restartFailed.empty());
        REQUIRE(done);
        REQUIRE(report);
        retries += report->retries;
    }
    CHECK(restarts >= 15);
    CHECK(retries > 0); // some of the stops did cut a batch off
    checkDelivered(admin, receiver);
}

TEST_CASE("A syslog forwarder killed with SIGKILL part-way loses no event: the next one sends what was not delivered",
          "[pg][audit][forward][syslog]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 2000);
    const auto receiver = newReceiver();
    const auto outcome = cms::tests::killForwarderThreeTimes({"audit",
                                                              "forward",
                                                              "--db",
                                                              scratch.conninfo(),
                                                              "--syslog-url",
                                                              "tls://localhost:" + receiver.port(),
                                                              "--syslog-ca",
                                                              (devPki() / "root.crt").string()},
                                                             [&] { return receiver.messages().size(); });
    CHECK(outcome.killed == 3);
    CHECK(outcome.lastExitCode == 0);
    checkDelivered(admin, receiver);
}
