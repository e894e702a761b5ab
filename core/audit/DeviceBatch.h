#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cms::core::audit {

// What the person's card signs for a batch of the laptop's audit events (issue: audit trail):
// SHA-256("cms-device-batch:v1:<device>:<last position>:<last hash>"). The hash of the batch's
// last event covers every event before it in the device's chain, which the server recomputes at
// the ingest (cms_audit.device_batch_digest, sql/server/0032, builds the same bytes).
class DeviceBatch
{
public:
    [[nodiscard]] static std::vector<std::uint8_t>
    digest(const std::string& device, long long lastPosition, const std::string& lastHash);
};

} // namespace cms::core::audit
