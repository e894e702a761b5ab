// The laptop's own audit chain (issue: audit trail, offline): an event appended to the chain in
// the encrypted cache, and a sync's upload of 10,000 events recorded offline, signed with the
// officer's SoftHSM card a batch at a time and ingested by the dev server (each batch's card
// signature verified in SQL, each event's link recomputed).
#include "core/cache/DeviceAuditChain.h"
#include "core/sync/DeviceAuditUpload.h"
#include "tests/bench/BenchLaptop.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"

#include <chrono>
#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kOfflineEvents = 10'000;

// What a day offline records, in turn: a case opened, an edit with its fields, a search.
Result<core::cache::DeviceEvent> recordOne(const core::cache::DeviceAuditChain& chain, int i)
{
    const auto caseId = "BENCH-" + std::to_string(i % 500);
    const auto at = std::chrono::system_clock::now();
    switch (i % 3) {
    case 0:
        return chain.append("case.open", "cms.cases", caseId, "success", R"({"case_id": ")" + caseId + "\"}", at);
    case 1:
        return chain.append("case.edit_offline",
                            "cms.cases",
                            caseId,
                            "success",
                            R"({"case_id": ")" + caseId + R"(", "fields": ["title", "status"]})",
                            at);
    default:
        return chain.append("search.cases",
                            "",
                            "",
                            "success",
                            R"({"matches": 12, "filters": {"status": "open", "type": "import_sample"}})",
                            at);
    }
}

const Registration kAppendOffline{{
    "audit_append_offline",
    "an event appended to the laptop's chain in the SQLCipher cache (its link hashed, a transaction of its own, "
    "synchronous=FULL), p95 of 1000",
    2,
    "ms",
    [] {
        const BenchLaptop laptop(tests::connectAs("oortega"));
        const core::cache::DeviceAuditChain chain(laptop.cache->database());
        return Measurement{p95Milliseconds(1000,
                                           [&](int i) {
                                               if (!recordOne(chain, i)) {
                                                   throw std::runtime_error("the event was not appended");
                                               }
                                           }),
                           "ms"};
    },
}};

const Registration kIngest{{
    "audit_ingest_10000",
    "a sync's upload of 10,000 events recorded offline to the dev server: read from the cache, signed with the "
    "officer's card a batch at a time, each batch's signature verified and every link recomputed by "
    "cms_audit.ingest_device_events",
    2,
    "s",
    [] {
        const BenchLaptop laptop(tests::connectAs("oortega"));
        const auto& cache = laptop.cache->database();
        const core::cache::DeviceAuditChain chain(cache);
        const auto recorded = cache.transaction([&]() -> Result<void> {
            for (int i = 0; i < kOfflineEvents; ++i) {
                if (auto appended = recordOne(chain, i); !appended) {
                    return std::unexpected(appended.error());
                }
            }
            return {};
        });
        if (!recorded) {
            throw std::runtime_error("recording the offline events: " + recorded.error().message);
        }
        const auto started = std::chrono::steady_clock::now();
        const auto report = core::sync::DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!report || report->ingested != kOfflineEvents || !report->refusal.empty()) {
            throw std::runtime_error("the server did not take the offline events: "
                                     + (report ? report->refusal : report.error().message));
        }
        return Measurement{seconds, "s"};
    },
}};

} // namespace

} // namespace cms::bench
