#include "core/audit/CanonicalEvent.h"

#include <algorithm>
#include <cstdio>

namespace cms::core::audit {

namespace {

// As PostgreSQL's escape_json: quote, backslash and the control characters.
void appendString(std::string& out, const std::string& text)
{
    out += '"';
    const auto plain = [](char c) {
        return c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
    };
    if (std::ranges::all_of(text, plain)) { // the usual case: as it is, in one piece
        out += text;
        out += '"';
        return;
    }
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendOptional(std::string& out, const std::optional<std::string>& text)
{
    if (text) {
        appendString(out, *text);
    } else {
        out += "null";
    }
}

// 2026-11-22 21:55:59.2779 -> "2026-11-22T21:55:59.277900Z"
void appendTime(std::string& out, const std::string& printed)
{
    std::string time = printed;
    if (const auto space = time.find(' '); space != std::string::npos) {
        time[space] = 'T';
    }
    const auto dot = time.find('.');
    std::string fraction = dot == std::string::npos ? "" : time.substr(dot + 1);
    time.erase(dot == std::string::npos ? time.size() : dot);
    fraction.resize(6, '0');
    appendString(out, time + "." + fraction + "Z");
}

} // namespace

std::string canonicalEvent(const RawEvent& event)
{
    // Keys in jsonb's order: by length, then bytewise.
    std::string out = "{\"id\": " + event.id + ", \"actor\": ";
    appendString(out, event.actor);
    out += ", \"details\": " + event.detailsJson + ", \"outcome\": ";
    appendString(out, event.outcome);
    out += ", \"object_id\": ";
    appendOptional(out, event.objectId);
    out += ", \"event_type\": ";
    appendString(out, event.eventType);
    if (event.sessionId) {
        out += ", \"session_id\": ";
        appendString(out, *event.sessionId);
    }
    out += ", \"application\": ";
    appendString(out, event.application);
    out += ", \"object_type\": ";
    appendOptional(out, event.objectType);
    out += ", \"occurred_at\": ";
    appendTime(out, event.occurredAt);
    out += ", \"received_at\": ";
    appendTime(out, event.receivedAt);
    if (event.workstation) {
        out += ", \"workstation\": ";
        appendString(out, *event.workstation);
    }
    out += ", \"client_address\": ";
    appendOptional(out, event.clientAddress);
    out += ", \"changed_columns\": " + event.changedColumnsJson.value_or("null") + "}";
    return out;
}

} // namespace cms::core::audit
