// The audit trail's verification at scale (issue: audit trail): `cmsadmin audit verify`'s core
// over every event of the benchmark database, as events per second; and the forwarder's
// delivery to the project's fake HTTP Event Collector on this machine.
#include "core/audit/AuditChain.h"
#include "core/audit/HecForwarder.h"
#include "core/remote/ServerMigrator.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/FakeHec.h"

#include <chrono>
#include <random>
#include <stdexcept>

namespace cms::bench {

namespace {

// A database of its own named `name` with `events` events in its chain (made once, kept between
// runs), so that a figure does not depend on what other benchmarks left: in turn a case opened, a
// case-list search with its filters, and a PII field revealed, as the desktop records them.
core::remote::PgConnection eventDatabase(const std::string& name, long long events)
{
    const auto server = tests::adminConnection();
    if (tests::must(server, "SELECT count(*) FROM pg_database WHERE datname = $1", {name}).text(0, 0) == "0") {
        tests::must(server, "CREATE DATABASE " + name);
    }
    auto database = tests::adminConnection(name);
    if (auto migrated = core::remote::ServerMigrator(database).migrate(); !migrated) {
        throw std::runtime_error("migrating " + name + ": " + migrated.error().message);
    }
    constexpr long long kBatch = 25'000;
    for (long long have = std::stoll(tests::must(database, "SELECT count(*) FROM cms_audit.events").text(0, 0));
         have < events;
         have += kBatch) {
        tests::must(
            database,
            "SELECT count(CASE g % 3 "
            "WHEN 0 THEN cms_audit.record_event('case.open', 'cms.cases', 'CASE-' || g, 'success', "
            "jsonb_build_object('case_id', 'CASE-' || g)) "
            "WHEN 1 THEN cms_audit.record_event('search.cases', NULL, NULL, 'success', jsonb_build_object('matches', "
            "g % 97, 'text', true, 'person_name', false, 'filters', jsonb_build_object('status', 'open', 'team', g % "
            "7, "
            "'opened_from', '2026-01-01'))) "
            "ELSE cms_audit.record_event('pii.reveal', 'person', gen_random_uuid()::text, 'success', "
            "jsonb_build_object('field', 'phone', 'case_id', 'CASE-' || g)) END) FROM generate_series(1, $1::int) g",
            {std::to_string(std::min(kBatch, events - have))});
    }
    return database;
}

const Registration kVerifyRate{{
    "audit_verify_rate",
    "audit verify: every event of a chain of 250,000 (a database of its own: opens, searches with their filters, "
    "reveals) recomputed, events per second",
    200'000,
    "events/s",
    [] {
        const auto database = eventDatabase("cms_verify_bench", 250'000);
        const core::audit::AuditChain chain(database);
        const auto started = std::chrono::steady_clock::now();
        const auto verdict = chain.verify();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!verdict || !verdict->intact() || verdict->eventsChecked == 0) {
            throw std::runtime_error("the benchmark database's audit chain did not verify");
        }
        return Measurement{static_cast<double>(verdict->eventsChecked) / seconds, "events/s"};
    },
    true,
}};

const Registration kAppendOnline{{
    "audit_append_online",
    "a client event (case.open) recorded through cms_audit.record_event over the officer's card connection: the "
    "server's stamps, the session id, the hash-chain link under its lock, p95 of 1000",
    2,
    "ms",
    [] {
        const auto officer = tests::connectAs("oortega");
        return Measurement{p95Milliseconds(1000,
                                           [&](int i) {
                                               if (!officer.connection.exec(
                                                       "SELECT cms_audit.record_event('case.open', 'cms.cases', $1, "
                                                       "'success', jsonb_build_object('case_id', $1::text))",
                                                       {"BENCH-" + std::to_string(i)})) {
                                                   throw std::runtime_error("the event was not recorded");
                                               }
                                           }),
                           "ms"};
    },
}};

constexpr long long kForwardEvents = 50'000;

const Registration kForwardRate{{
    "audit_forward_rate",
    "cmsadmin audit forward's core: 50,000 events to the fake HTTP Event Collector over TLS (gzip, 1,000 a batch, "
    "each acknowledged before the cursor moves), events per second",
    20'000,
    "events/s",
    [] {
        const auto database = eventDatabase("cms_forward_bench", kForwardEvents);
        const auto pki = tests::DevEnvironment::get().devDir() / "pki";
        const std::string token = "bench-token";
        const tests::FakeHec indexer(token, pki / "server-chain.crt", pki / "server.key");
        core::audit::HecSettings settings;
        settings.host = "localhost";
        settings.port = indexer.port();
        settings.token = token;
        settings.caFile = pki / "root.crt";
        settings.destination = "bench-" + std::to_string(std::random_device{}()); // from the start each run
        const core::audit::HecForwarder forwarder(database, settings);
        const auto started = std::chrono::steady_clock::now();
        const auto report = forwarder.forwardAvailable();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!report || report->forwarded < kForwardEvents) {
            throw std::runtime_error("the forwarder did not deliver the events");
        }
        return Measurement{static_cast<double>(report->forwarded) / seconds, "events/s"};
    },
    true,
}};

} // namespace

} // namespace cms::bench
