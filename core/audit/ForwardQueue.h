#pragma once

#include "core/audit/ForwardReport.h"
#include "core/common/Result.h"

#include <functional>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::audit {

// One central audit event on its way out, in the shape every destination writes.
struct OutboundEvent
{
    long long position = 0;   // in the central chain
    std::string id;           // the event's id: a duplicate downstream carries the same one
    std::string epochSeconds; // occurred_at as epoch seconds to the microsecond, as the server printed it
    std::string occurredAt;   // occurred_at, RFC 3339 in UTC with microseconds
    std::string host;         // the workstation, else the client's address, else "cms-database"
    std::string eventType;
    std::string outcome;
    std::string hash;      // the event's chain hash, hex
    std::string eventJson; // the whole event (AU-3 fields, details without PII) as a JSON object
};

// A destination's share of the central audit trail (cms_audit.forward_cursors): where its cursor
// stands, the events after it in chain order (less the ones quarantined for it), and the moves
// of the cursor and the quarantine. The forwarders move the cursor only once the destination has
// confirmed a batch.
class ForwardQueue
{
public:
    struct Standing
    {
        long long lastPosition = 0;
        std::string channel; // a stable id of this destination's stream (HEC's channel)
    };

    // What a destination made of one batch.
    struct BatchOutcome
    {
        enum class Kind
        {
            Delivered, // confirmed: the cursor moves past the batch
            Again,     // some of it was quarantined: the batch is read again without it
            Stopped,   // asked to stop before the batch was confirmed
        };
        Kind kind = Kind::Delivered;
        long long delivered = 0; // events of the batch the destination took
    };
    using Deliver = std::function<Result<BatchOutcome>(const std::vector<OutboundEvent>& batch, ForwardReport& report)>;
    using KeepGoing = std::function<bool()>;

    ForwardQueue(const remote::PgConnection& database, std::string destination);

    // The forwarders' loop: batch after batch past the cursor, each handed to `deliver`, the
    // cursor moved after each confirmed one, until none is left or `keepGoing` says stop.
    [[nodiscard]] Result<ForwardReport> drain(int batchSize, const KeepGoing& keepGoing, const Deliver& deliver) const;

    // Makes the destination's cursor on first use.
    [[nodiscard]] Result<Standing> standing() const;
    [[nodiscard]] Result<std::vector<OutboundEvent>> after(long long position, int limit) const;
    [[nodiscard]] Result<void> advanceTo(long long position) const;
    [[nodiscard]] Result<void> quarantine(const std::string& eventId, const std::string& reason) const;

    [[nodiscard]] const std::string& destination() const
    {
        return m_destination;
    }

private:
    const remote::PgConnection& m_database;
    std::string m_destination;
};

} // namespace cms::core::audit
