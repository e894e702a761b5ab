// Offline field work at the office's scale (issue: offline field work), on the 1,000,000-case
// benchmark database over the officer's card connection, with a real SQLCipher cache opened with
// her SoftHSM card: 10,000 queued edits pushed, 2,000 cases checked out, and a sync with nothing
// to do.
#include "core/cache/OfflineCache.h"
#include "core/sync/ChangePuller.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OutboxPusher.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/BenchLaptop.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <random>
#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kEdits = 10'000;

const Registration kPush{{
    "sync_push_10000_edits",
    "push 10,000 queued edits (10 products of one case) to the server, each applied on its version",
    10,
    "s",
    [] {
        const auto caseId = BenchDatabase::largeCase();
        BenchLaptop laptop;
        const core::sync::ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
        if (!puller.checkOut({caseId})) {
            throw std::runtime_error("checking the case out failed");
        }
        const core::sync::OfflineEdits edits(laptop.cache->database());
        const auto products =
            tests::must(laptop.officer.connection, "SELECT id::text FROM cms.products WHERE case_id = $1", {caseId});
        std::mt19937 random(1);
        for (int i = 0; i < kEdits; ++i) {
            const auto product = products.text(static_cast<int>(random() % products.rows()), 0);
            if (!edits.edit("products", product, {{"model", "Bench " + std::to_string(i)}})) {
                throw std::runtime_error("queueing an edit failed");
            }
        }
        const auto started = std::chrono::steady_clock::now();
        const auto report = core::sync::OutboxPusher(laptop.cache->database(), laptop.officer.connection).push();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!report || report->applied != kEdits) {
            throw std::runtime_error("the push did not apply every edit");
        }
        return Measurement{seconds, "s"};
    },
}};

const Registration kCheckOut{{
    "sync_checkout_2000_cases",
    "check out 2,000 cases with their people, products, samples and the rest into a new cache, as the desktop "
    "does (FieldWork): the officer holds the PII grant, so with the people's PII and its events, one a case",
    5,
    "s",
    [] {
        BenchDatabase::ensure();
        BenchLaptop laptop;
        const auto cases = laptop.fieldCases();
        const auto started = std::chrono::steady_clock::now();
        const auto report =
            core::sync::FieldWork::takeChosenCases(laptop.cache->database(), laptop.officer.connection, cases);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!report || cases.size() != 2000 || report->rowsStored < 2000) {
            throw std::runtime_error("the check-out did not bring the cases");
        }
        return Measurement{seconds, "s"};
    },
}};

const Registration kIdleSync{{
    "sync_nothing_to_do",
    "a sync (push, then pull) with nothing to do, the officer's team's open cases checked out (2,000 at most), "
    "the bench database's cases on the server (1,000,000; CMS_BENCH_CASES=N for N), p95 of 20",
    200,
    "ms",
    [] {
        BenchDatabase::ensure();
        BenchLaptop laptop;
        const core::sync::ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
        if (!puller.checkOut(laptop.fieldCases()) || !puller.pull()) {
            throw std::runtime_error("the check-out failed");
        }
        const core::sync::OutboxPusher pusher(laptop.cache->database(), laptop.officer.connection);
        return Measurement{p95Milliseconds(20,
                                           [&](int) {
                                               const auto pushed = pusher.push();
                                               const auto pulled = puller.pull();
                                               if (!pushed || !pulled || pulled->rowsStored != 0) {
                                                   throw std::runtime_error("the idle sync failed or found work");
                                               }
                                           }),
                           "ms"};
    },
}};

} // namespace

} // namespace cms::bench
