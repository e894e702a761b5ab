#include "core/audit/SyslogMessage.h"

#include <cstddef>

namespace cms::core::audit {

namespace {

constexpr int kFacilityLogAudit = 13;
constexpr int kSeverityWarning = 4;
constexpr int kSeverityInformational = 6;

// A header field: printable US-ASCII without spaces (RFC 5424, PRINTUSASCII), at most `limit`
// characters, "-" when empty.
std::string headerField(const std::string& value, std::size_t limit)
{
    std::string field;
    for (const char c : value) {
        if (field.size() == limit) {
            break;
        }
        field += (c >= 33 && c <= 126) ? c : '_';
    }
    return field.empty() ? std::string("-") : field;
}

// An SD-ID: printable US-ASCII but '=', ' ', ']' and '"', 32 at most (RFC 5424, SD-NAME).
std::string sdName(const std::string& value)
{
    std::string name = headerField(value, 32);
    for (char& c : name) {
        if (c == '=' || c == ']' || c == '"') {
            c = '_';
        }
    }
    return name;
}

// A PARAM-VALUE: '"', '\' and ']' escaped with a backslash (RFC 5424, 6.3.3).
std::string paramValue(const std::string& value)
{
    std::string escaped;
    for (const char c : value) {
        if (c == '"' || c == '\\' || c == ']') {
            escaped += '\\';
        }
        escaped += c;
    }
    return escaped;
}

} // namespace

std::string
SyslogMessage::format(const OutboundEvent& event, const std::string& appName, const std::string& structuredDataId)
{
    const int severity = event.outcome == "success" ? kSeverityInformational : kSeverityWarning;
    std::string message = "<" + std::to_string(kFacilityLogAudit * 8 + severity) + ">1 ";
    message += headerField(event.occurredAt, 32) + ' ';
    message += headerField(event.host, 255) + ' ';
    message += headerField(appName, 48) + " - ";
    message += headerField(event.eventType, 32) + ' ';
    message += '[' + sdName(structuredDataId) + " id=\"" + paramValue(event.id) + "\" position=\""
               + std::to_string(event.position) + "\" hash=\"" + paramValue(event.hash) + "\" outcome=\""
               + paramValue(event.outcome) + "\"] ";
    message += "\xEF\xBB\xBF"; // BOM: the MSG is UTF-8
    message += event.eventJson;
    return message;
}

std::string SyslogMessage::framed(const std::string& message)
{
    return std::to_string(message.size()) + ' ' + message;
}

} // namespace cms::core::audit
