#pragma once

#include "core/audit/ForwardQueue.h"

#include <string>

namespace cms::core::audit {

// An audit event as an RFC 5424 syslog message, framed for TLS transport as RFC 5425 asks
// (octet counting: "LENGTH SP MESSAGE"):
//   <PRI>1 TIMESTAMP HOSTNAME cms - EVENT-TYPE [cms@PEN id="…" position="…" hash="…" outcome="…"] BOM{event JSON}
// Facility 13 (log audit); severity informational for a success, warning otherwise. TIMESTAMP is
// when the action happened (UTC, microseconds); HOSTNAME the workstation (printable ASCII, 255 at
// most); MSGID the event type (32 at most); the structured data carries what a receiver needs to
// drop duplicates and check the chain; MSG the whole event as UTF-8 JSON.
class SyslogMessage
{
public:
    // The structured-data id: "cms@" and the agency's IANA Private Enterprise Number. 32473 is
    // the number RFC 5612 reserves for documentation: the operator sets the agency's own.
    static constexpr const char* kDefaultStructuredDataId = "cms@32473";

    [[nodiscard]] static std::string
    format(const OutboundEvent& event, const std::string& appName, const std::string& structuredDataId);
    [[nodiscard]] static std::string framed(const std::string& message);
};

} // namespace cms::core::audit
