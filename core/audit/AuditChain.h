#pragma once

#include "core/common/Result.h"

#include <optional>
#include <string>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::audit {

// What a verification of the central audit chain found.
struct ChainVerdict
{
    long long firstPosition = 0;
    long long lastPosition = 0;
    long long eventsChecked = 0;
    long long checkpointsChecked = 0;
    long long batchesChecked = 0; // laptops' event batches whose card signature verified
    std::string headHash;         // hex, of the last event checked
    // The first broken link: its position and what is wrong there. Nothing: intact.
    std::optional<long long> brokenAt;
    std::string cause;

    [[nodiscard]] bool intact() const
    {
        return !brokenAt;
    }
};

// The central audit trail's hash chain (issue: audit trail; migration 0019): recomputes
// hash = SHA-256(previous hash || canonical bytes) for every event in order (the canonical bytes
// built here from the raw columns, CanonicalEvent), checks that the
// positions follow each other and each event names its predecessor's hash, and that every
// checkpoint in the range matches the event at its position, and that every batch a laptop sent
// (cms_audit.device_batches) is signed by the card of the certificate it was received under, over
// the device hash its last event carries in the chain; and writes checkpoints.
class AuditChain
{
public:
    explicit AuditChain(const remote::PgConnection& connection);

    // The whole chain, or the events received between `from` and `to` (timestamps PostgreSQL
    // reads, e.g. 2026-11-22T08:00Z), linked to the event before them.
    [[nodiscard]] Result<ChainVerdict> verify(const std::optional<std::string>& from = {},
                                              const std::optional<std::string>& to = {}) const;
    // Records the chain's head (position, hash, count, time); returns its position.
    [[nodiscard]] Result<long long> writeCheckpoint() const;

private:
    [[nodiscard]] Result<ChainVerdict> verifyDeviceBatches(ChainVerdict verdict) const;

    const remote::PgConnection& m_connection;
};

} // namespace cms::core::audit
