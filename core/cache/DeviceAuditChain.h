#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <chrono>
#include <string>
#include <vector>

namespace cms::core::cache {

// One event the laptop recorded while offline.
struct DeviceEvent
{
    long long position = 0;
    std::string eventType;
    std::string objectType;
    std::string objectId;
    std::string outcome = "success";
    std::string occurredAt; // UTC, "2026-11-23T09:15:00.123456Z"
    std::string details = "{}";
    std::string prevHash;
    std::string hash;
};

// The laptop's own audit chain in the encrypted cache (issue: audit trail, offline): what the
// person does offline, with the time it happened, each event linked to the one before by
// hash = SHA-256(prev_hash || canonical bytes); the canonical bytes are the fields joined by the
// unit separator (0x1F), as the server recomputes them (cms_audit.device_event_hash, 0026).
// Appended in a transaction of its own, with synchronous=FULL: an event recorded is kept.
class DeviceAuditChain
{
public:
    explicit DeviceAuditChain(const CacheDatabase& cache);

    [[nodiscard]] Result<DeviceEvent> append(const std::string& eventType,
                                             const std::string& objectType,
                                             const std::string& objectId,
                                             const std::string& outcome,
                                             const std::string& detailsJson,
                                             std::chrono::system_clock::time_point at) const;
    // The events not yet taken by the server, in order (at most `limit`).
    [[nodiscard]] Result<std::vector<DeviceEvent>> pending(int limit = 1000) const;
    [[nodiscard]] Result<int> pendingCount() const;
    // After the server took (or refused and kept aside) the events up to `position`.
    [[nodiscard]] Result<void> settle(long long upTo, bool refused) const;
    [[nodiscard]] Result<std::string> deviceId() const;
    // Recomputes every link; the first position that does not hold, or 0 when all do.
    [[nodiscard]] Result<long long> firstBrokenLink() const;

    [[nodiscard]] static std::string hashOf(const DeviceEvent& event);

private:
    const CacheDatabase& m_cache;
};

} // namespace cms::core::cache
