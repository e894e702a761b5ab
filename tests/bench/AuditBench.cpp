// The audit trail's verification at scale (issue: audit trail): `cmsadmin audit verify`'s core
// over every event of the benchmark database, as events per second.
#include "core/audit/AuditChain.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"

#include <chrono>
#include <stdexcept>

namespace cms::bench {

namespace {

const Registration kVerifyRate{{
    "audit_verify_rate",
    "audit verify: every event of the benchmark database's chain recomputed, events per second",
    200'000,
    "events/s",
    [] {
        BenchDatabase::ensure();
        const auto admin = BenchDatabase::admin();
        const core::audit::AuditChain chain(admin);
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

} // namespace

} // namespace cms::bench
