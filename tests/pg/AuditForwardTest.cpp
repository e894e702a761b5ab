// Delivering the audit trail to Splunk (issue: audit trail, delivery): the forwarder against the
// project's fake HTTP Event Collector (HTTPS with the dev PKI's server certificate), on a scratch
// database of the dev cluster. Every event indexed at least once and duplicates only by event id,
// through busy indexers, dropped replies, an indexer dying mid-batch, lost acknowledgments,
// invalid data and a forwarder killed with SIGKILL.
#include "core/audit/HecForwarder.h"
#include "core/remote/ServerMigrator.h"
#include "tests/pg/ForwardFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/FakeHec.h"
#include "tests/support/ScratchDatabase.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using cms::core::audit::HecForwarder;
using cms::core::audit::HecSettings;
using cms::tests::addCaseOpenEvents;
using cms::tests::adminConnection;
using cms::tests::devPki;
using cms::tests::FakeHec;
using cms::tests::must;

namespace {

constexpr const char* kScratch = "cms_audit_forward_test";
constexpr const char* kToken = "11111111-2222-3333-4444-555555555555";

FakeHec newIndexer()
{
    return FakeHec(kToken, devPki() / "server-chain.crt", devPki() / "server.key");
}

// Fast retries, so that hundreds of faults take seconds.
HecSettings settingsFor(const FakeHec& indexer)
{
    HecSettings settings;
    settings.host = "localhost";
    settings.port = indexer.port();
    settings.token = kToken;
    settings.caFile = devPki() / "root.crt";
    settings.batchSize = 50;
    settings.timeout = std::chrono::milliseconds(2000);
    settings.ackPollInterval = std::chrono::milliseconds(1);
    settings.ackWait = std::chrono::milliseconds(30);
    settings.backoffFirst = std::chrono::milliseconds(1);
    settings.backoffMax = std::chrono::milliseconds(8);
    return settings;
}

// Every event of the database: indexed (at least once, with its own hash) or quarantined.
void checkDelivered(const cms::core::remote::PgConnection& admin, const FakeHec& indexer)
{
    const auto indexed = indexer.indexed();
    const auto events = indexer.events();
    const auto all =
        must(admin,
             "SELECT e.id, encode(e.hash, 'hex'), q.event_id IS NOT NULL FROM cms_audit.events e LEFT JOIN "
             "cms_audit.forward_quarantine q ON q.event_id = e.id ORDER BY e.id");
    for (int row = 0; row < all.rows(); ++row) {
        const long long id = std::stoll(all.text(row, 0));
        if (all.text(row, 2) == "t") {
            continue;
        }
        INFO("event " << id);
        REQUIRE(indexed.contains(id));
        const auto hec = boost::json::parse(events.at(id));
        CHECK(hec.at("event").at("hash").as_string() == all.text(row, 1));
        CHECK(hec.at("sourcetype").as_string() == "cms:audit");
    }
    CHECK(indexed.size() <= static_cast<std::size_t>(all.rows())); // nothing indexed that is not an event
}

} // namespace

TEST_CASE("The forwarder delivers every event to the collector, moving its cursor only after acknowledgment",
          "[pg][audit][forward]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 120, R"({"case_id": "X", "note": "quote \" and é"})");
    const auto indexer = newIndexer();
    const HecForwarder forwarder(admin, settingsFor(indexer));

    const auto report = forwarder.forwardAvailable();
    REQUIRE(report);
    const auto total = std::stoll(must(admin, "SELECT count(*) FROM cms_audit.events").text(0, 0));
    CHECK(report->forwarded == total);
    CHECK(report->quarantined == 0);
    checkDelivered(admin, indexer);
    for (const auto& [id, times] : indexer.indexed()) {
        CHECK(times == 1); // no fault: each once
    }
    CHECK(indexer.connections() == 1); // three batches and their acknowledgments on one connection
    CHECK(must(admin,
               "SELECT last_position = (SELECT max(chain_position) FROM cms_audit.events) FROM "
               "cms_audit.forward_cursors WHERE destination = 'splunk'")
              .text(0, 0)
          == "t");
    const auto again = forwarder.forwardAvailable();
    REQUIRE(again);
    CHECK(again->forwarded == 0);

    // A wrong token stops the run, in words; the cursor stays.
    auto wrong = settingsFor(indexer);
    wrong.token = "not-the-token";
    addCaseOpenEvents(admin, 3);
    const auto refused = HecForwarder(admin, wrong).forwardAvailable();
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("refused the HEC token"));
}

TEST_CASE("A connection the collector closes between requests is opened again at once, not retried later",
          "[pg][audit][forward]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 120);
    auto indexer = newIndexer();
    indexer.forgetConnections(true);
    auto settings = settingsFor(indexer);
    settings.backoffFirst = std::chrono::milliseconds(60'000); // a retry would stall the test

    const auto report = HecForwarder(admin, settings).forwardAvailable();
    REQUIRE(report);
    CHECK(report->retries == 0);
    checkDelivered(admin, indexer);
    for (const auto& [id, times] : indexer.indexed()) {
        CHECK(times == 1); // the request met a closed connection: the collector never read it
    }
    CHECK(indexer.connections() == 6); // three batches, each with its acknowledgment
}

TEST_CASE("An event the collector calls invalid is quarantined and reported, and the rest goes on",
          "[pg][audit][forward]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 30);
    addCaseOpenEvents(admin, 1, R"({"note": "POISON"})");
    addCaseOpenEvents(admin, 30);
    auto indexer = newIndexer();
    indexer.refuseEventsContaining("POISON");
    const auto report = HecForwarder(admin, settingsFor(indexer)).forwardAvailable();
    REQUIRE(report);
    CHECK(report->quarantined == 1);
    CHECK(must(admin,
               "SELECT e.details ->> 'note', q.reason FROM cms_audit.forward_quarantine q JOIN cms_audit.events e ON "
               "e.id = q.event_id")
              .text(0, 1)
              .starts_with("HEC code 6: Invalid data format"));
    checkDelivered(admin, indexer);
}

TEST_CASE("Two hundred forwarding runs through a misbehaving collector index every event, duplicates only by id",
          "[pg][audit][forward]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    auto indexer = newIndexer();
    const auto seed = std::random_device{}();
    INFO("seed " << seed);
    indexer.faultRate(0.3, seed);
    indexer.refuseEventsContaining("POISON");
    std::mt19937 random(seed);
    const HecForwarder forwarder(admin, settingsFor(indexer));
    long long poisoned = 0;
    for (int run = 0; run < 200; ++run) {
        addCaseOpenEvents(admin, 1 + static_cast<int>(random() % 40));
        if (random() % 10 == 0) {
            addCaseOpenEvents(admin, 1, R"({"note": "POISON"})");
            ++poisoned;
        }
        const auto report = forwarder.forwardAvailable();
        REQUIRE(report);
    }
    CHECK(indexer.faultsServed() >= 100);
    CHECK(std::stoll(must(admin, "SELECT count(*) FROM cms_audit.forward_quarantine").text(0, 0)) == poisoned);
    checkDelivered(admin, indexer);
}

TEST_CASE("A forwarder killed with SIGKILL part-way loses no event: the next one sends what was not acknowledged",
          "[pg][audit][forward]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    addCaseOpenEvents(admin, 2000);
    // The kill is the fault here (the collector's own faults are the randomized runs'): a
    // forwarder's real backoff, seconds long, would only slow the test.
    auto indexer = newIndexer();
    const auto tokenFile = std::filesystem::temp_directory_path() / ("cms-hec-token-" + std::to_string(getpid()));
    std::ofstream(tokenFile) << kToken << '\n';
    std::filesystem::permissions(tokenFile, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const std::string url = "https://localhost:" + indexer.port();
    const auto outcome = cms::tests::killForwarderThreeTimes({"audit",
                                                              "forward",
                                                              "--db",
                                                              scratch.conninfo(),
                                                              "--hec-url",
                                                              url,
                                                              "--hec-token-file",
                                                              tokenFile.string(),
                                                              "--hec-ca",
                                                              (devPki() / "root.crt").string()},
                                                             [&] { return indexer.indexed().size(); });
    CHECK(outcome.killed == 3);
    CHECK(outcome.lastExitCode == 0);
    std::filesystem::remove(tokenFile);
    checkDelivered(admin, indexer);
    CHECK(must(admin,
               "SELECT last_position = (SELECT max(chain_position) FROM cms_audit.events) FROM "
               "cms_audit.forward_cursors")
              .text(0, 0)
          == "t");
}
