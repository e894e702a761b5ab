#include "core/sync/DeviceAuditUpload.h"

#include "core/audit/DeviceBatch.h"
#include "core/cache/DeviceAuditChain.h"
#include "core/common/Hex.h"
#include "core/remote/PgConnection.h"

#include <boost/json.hpp>

namespace cms::core::sync {

namespace {

constexpr int kBatch = 500;

} // namespace

Result<DeviceAuditReport> DeviceAuditUpload::upload(const cache::CacheDatabase& cache,
                                                    const remote::PgConnection& server,
                                                    const BatchSigner& signer)
{
    const cache::DeviceAuditChain chain(cache);
    auto device = chain.deviceId();
    if (!device) {
        return std::unexpected(device.error());
    }
    DeviceAuditReport report;
    if (!signer) {
        auto waiting = chain.pendingCount();
        if (!waiting) {
            return std::unexpected(waiting.error());
        }
        report.waitingForSignature = *waiting;
        return report;
    }
    for (;;) {
        auto events = chain.pending(kBatch);
        if (!events) {
            return std::unexpected(events.error());
        }
        if (events->empty()) {
            return report;
        }
        boost::json::array batch;
        for (const auto& event : *events) {
            batch.push_back(boost::json::object{{"position", event.position},
                                                {"event_type", event.eventType},
                                                {"object_type", event.objectType},
                                                {"object_id", event.objectId},
                                                {"outcome", event.outcome},
                                                {"occurred_at", event.occurredAt},
                                                {"details", event.details},
                                                {"prev_hash", event.prevHash},
                                                {"hash", event.hash}});
        }
        auto signature = signer(audit::DeviceBatch::digest(*device, events->back().position, events->back().hash));
        if (!signature) {
            return std::unexpected(signature.error());
        }
        auto answer = server.exec("SELECT ingested, refusal FROM cms_audit.ingest_device_events($1::uuid, $2::jsonb, "
                                  "decode($3, 'hex'))",
                                  {*device, boost::json::serialize(batch), toHex(*signature)});
        if (!answer) {
            return std::unexpected(answer.error());
        }
        report.sent += static_cast<int>(events->size());
        const bool refused = !answer->isNull(0, 1);
        if (auto settled = chain.settle(events->back().position, refused); !settled) {
            return std::unexpected(settled.error());
        }
        if (refused) {
            report.refusal = answer->text(0, 1);
            return report;
        }
        report.ingested += std::stoi(answer->text(0, 0));
    }
}

} // namespace cms::core::sync
