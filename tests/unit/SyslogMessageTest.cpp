// The audit event as an RFC 5424 syslog message with RFC 5425 framing (issue: audit trail,
// delivery): header fields kept to printable ASCII and their lengths, structured data escaped,
// the frame's length in octets.
#include "core/audit/SyslogMessage.h"

#include <catch2/catch.hpp>

using cms::core::audit::OutboundEvent;
using cms::core::audit::SyslogMessage;

namespace {

OutboundEvent event()
{
    OutboundEvent outbound;
    outbound.position = 42;
    outbound.id = "1042";
    outbound.occurredAt = "2026-11-23T08:00:00.123456Z";
    outbound.host = "LAPTOP-17";
    outbound.eventType = "case.open";
    outbound.outcome = "success";
    outbound.hash = "ab12";
    outbound.eventJson = R"({"id":1042,"note":"é"})";
    return outbound;
}

} // namespace

TEST_CASE("An audit event is an RFC 5424 message: facility log audit, the action's time, the event type as MSGID",
          "[unit][syslog]")
{
    CHECK(SyslogMessage::format(event(), "cms", "cms@32473")
          == "<110>1 2026-11-23T08:00:00.123456Z LAPTOP-17 cms - case.open [cms@32473 id=\"1042\" position=\"42\" "
             "hash=\"ab12\" outcome=\"success\"] \xEF\xBB\xBF{\"id\":1042,\"note\":\"é\"}");
    auto refused = event();
    refused.outcome = "refused";
    CHECK(SyslogMessage::format(refused, "cms", "cms@32473").starts_with("<108>1 "));
}

TEST_CASE("Header fields keep to printable ASCII and their lengths, structured data is escaped", "[unit][syslog]")
{
    auto odd = event();
    odd.host = "Field laptop\t2";                                    // spaces and tabs are not allowed in HOSTNAME
    odd.eventType = "a.very.long.event.type.name.beyond.thirty.two"; // MSGID: 32 at most
    odd.outcome = "a\"b]c\\d";                                       // '"', ']' and '\' escaped in a PARAM-VALUE
    const auto message = SyslogMessage::format(odd, "", "bad=id]\"x");
    CHECK_THAT(message, Catch::Contains(" Field_laptop_2 - - a.very.long.event.type.name.beyo ["));
    CHECK_THAT(message, Catch::Contains("[bad_id__x id="));
    CHECK_THAT(message, Catch::Contains(R"(outcome="a\"b\]c\\d"])"));
}

TEST_CASE("A frame counts the message's octets, not its characters", "[unit][syslog]")
{
    CHECK(SyslogMessage::framed("é") == "2 é");
    CHECK(SyslogMessage::framed("<110>1 -") == "8 <110>1 -");
}
