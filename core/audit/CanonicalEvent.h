#pragma once

#include <optional>
#include <string>

namespace cms::core::audit {

// An audit event's fields as the database holds them, in text.
struct RawEvent
{
    std::string id;
    std::string occurredAt; // a timestamp in UTC as PostgreSQL prints it: 2026-11-22 21:55:59.277977
    std::string receivedAt;
    std::string actor;
    std::string application;
    std::optional<std::string> clientAddress; // host(), nothing for NULL
    std::string eventType;
    std::optional<std::string> objectType;
    std::optional<std::string> objectId;
    std::optional<std::string> changedColumnsJson; // to_jsonb(changed_columns)::text, nothing for NULL
    std::string outcome;
    std::string detailsJson;                  // details::text (jsonb's canonical text)
    std::optional<std::string> sessionId{};   // 0021; nothing for the events before it
    std::optional<std::string> workstation{}; // 0021; nothing when the client gave none
};

// The bytes an event's hash covers, built here from the raw fields, the same as the server's
// cms_audit.canonical (migration 0019): jsonb's text of the object, keys ordered by length then
// bytes, ", " and ": " between, strings escaped as jsonb escapes them, times in UTC to the
// microsecond; session_id and workstation only when set (0021). The verifier computes them
// itself, so it need not trust the server's function.
[[nodiscard]] std::string canonicalEvent(const RawEvent& event);

} // namespace cms::core::audit
