#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

struct DeviceAuditReport
{
    int sent = 0;
    int ingested = 0;
    // The server refused the device's chain (a gap, a reordering, an altered event) and kept the
    // batch aside for review: its words. The events are not sent again.
    std::string refusal;
    // Events not sent: no card was at hand to sign them (they go with the next signed sync).
    int waitingForSignature = 0;
};

// The card's signature over a SHA-256 digest (auth::CardSignature with the person's PIV
// Authentication key, the certificate on record at the server).
using BatchSigner = std::function<Result<std::vector<std::uint8_t>>(const std::vector<std::uint8_t>& digest)>;

// Sends the events the laptop recorded offline (cache::DeviceAuditChain) to the server at sync
// (issue: audit trail, offline), in order, in batches, each through
// cms_audit.ingest_device_events, which takes them only if they continue what it last received
// from this device and carry the signature of the person's card on record over the batch's last
// event (audit::DeviceBatch). A batch sent again after a lost reply changes nothing.
// Without a signer nothing is sent and the pending events are counted.
class DeviceAuditUpload
{
public:
    [[nodiscard]] static Result<DeviceAuditReport>
    upload(const cache::CacheDatabase& cache, const remote::PgConnection& server, const BatchSigner& signer);
};

} // namespace cms::core::sync
