// Offline field work at the office's scale (issue: offline field work): 10,000 edits queued on the
// laptop pushed to the benchmark database over the officer's card connection, from a real
// SQLCipher cache opened with her SoftHSM card.
#include "core/cache/OfflineCache.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OutboxPusher.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"
#include "tests/support/SignedInCard.h"

#include <chrono>
#include <filesystem>
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
        // The connection before the card session: its sign-in ends with a logout of the card.
        const auto officer = BenchDatabase::connectAs("oortega");
        const auto card = tests::SignedInCard::of("oortega");
        const auto folder = std::filesystem::temp_directory_path() / "cms-bench-sync";
        std::filesystem::remove_all(folder);
        auto cache = core::cache::OfflineCache::open(folder, *card.session);
        if (!cache) {
            throw std::runtime_error("opening the cache: " + cache.error().message);
        }
        const core::sync::OfflineEdits edits(cache->database());
        const auto products = tests::must(officer.connection,
                                          "SELECT id::text, version, change_seq, row_to_json(p)::text "
                                          "FROM cms.products p WHERE case_id = $1",
                                          {caseId});
        for (int row = 0; row < products.rows(); ++row) {
            (void)edits.storeRow("products",
                                 products.text(row, 0),
                                 caseId,
                                 std::stoi(products.text(row, 1)),
                                 std::stoll(products.text(row, 2)),
                                 products.text(row, 3));
        }
        std::mt19937 random(1);
        for (int i = 0; i < kEdits; ++i) {
            const auto product = products.text(static_cast<int>(random() % products.rows()), 0);
            if (!edits.edit("products", product, {{"model", "Bench " + std::to_string(i)}})) {
                throw std::runtime_error("queueing an edit failed");
            }
        }
        const auto started = std::chrono::steady_clock::now();
        const auto report = core::sync::OutboxPusher(cache->database(), officer.connection).push();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::filesystem::remove_all(folder);
        if (!report || report->applied != kEdits) {
            throw std::runtime_error("the push did not apply every edit");
        }
        return Measurement{seconds, "s"};
    },
}};

} // namespace

} // namespace cms::bench
