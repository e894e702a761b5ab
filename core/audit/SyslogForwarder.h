#pragma once

#include "core/audit/ForwardQueue.h"
#include "core/audit/ForwardReport.h"
#include "core/audit/RetryBackoff.h"
#include "core/audit/SyslogMessage.h"
#include "core/common/Result.h"
#include "core/net/TlsChannel.h"

#include <chrono>
#include <functional>
#include <string>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::audit {

// Where and how the audit trail goes to a syslog receiver over TLS (RFC 5425).
struct SyslogSettings
{
    net::TlsEndpoint receiver; // port 6514 is syslog over TLS's own
    std::string destination = "syslog";
    std::string appName = "cms";
    std::string structuredDataId = SyslogMessage::kDefaultStructuredDataId;
    int batchSize = 1000;
    // RFC 5425: receivers must take 2,048 octets and should take 8,192; a longer event would be
    // cut by the receiver, so it is quarantined instead (the receiver's limit can be raised).
    std::size_t maxMessageBytes = 8192;
    std::chrono::milliseconds backoffFirst{500};
    std::chrono::milliseconds backoffMax{60'000};
};

// Ships the audit trail to a syslog receiver (rsyslog, a SIEM's collector) as RFC 5424 messages
// over TLS with RFC 5425 framing: events past the destination's cursor, in chain order, one TLS
// connection per batch. Syslog has no acknowledgment; the cursor moves once the receiver has
// closed the connection after our close_notify, that is once it has read the whole batch.
// Delivery is at least once (a batch cut off goes again, whole; duplicates carry the same event
// id in their structured data); what the receiver does with a message after reading it is its
// own (rsyslog: a disk-assisted queue keeps it over a crash). A receiver that cannot be reached
// or drops the connection is retried with backoff and jitter, without limit; a receiver whose
// certificate is not vouched for stops the run (retrying cannot mend it).
class SyslogForwarder
{
public:
    using KeepGoing = ForwardQueue::KeepGoing;

    SyslogForwarder(const remote::PgConnection& database,
                    SyslogSettings settings,
                    RetryBackoff::Sleep sleep = {},
                    RetryBackoff::Say say = {});

    // Until every event committed so far is delivered, or `keepGoing` says stop.
    [[nodiscard]] Result<ForwardReport> forwardAvailable(const KeepGoing& keepGoing = {}) const;

private:
    // The batch's frames, less events too long for the receiver (quarantined).
    [[nodiscard]] Result<std::string> framesOf(const std::vector<OutboundEvent>& batch, ForwardReport& report) const;
    [[nodiscard]] Result<void> deliver(const std::string& frames) const;

    ForwardQueue m_queue;
    SyslogSettings m_settings;
    RetryBackoff::Say m_say;
    RetryBackoff m_backoff;
};

} // namespace cms::core::audit
