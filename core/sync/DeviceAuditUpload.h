#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <string>

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
};

// Sends the events the laptop recorded offline (cache::DeviceAuditChain) to the server at sync
// (issue: audit trail, offline), in order, in batches, each through
// cms_audit.ingest_device_events, which takes them only if they continue what it last received
// from this device. A batch sent again after a lost reply changes nothing.
class DeviceAuditUpload
{
public:
    [[nodiscard]] static Result<DeviceAuditReport> upload(const cache::CacheDatabase& cache,
                                                          const remote::PgConnection& server);
};

} // namespace cms::core::sync
