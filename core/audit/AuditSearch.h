#pragma once

#include "core/common/Result.h"

#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::audit {

// What an auditor or a manager looks for in the trail; empty fields do not filter. Dates are
// UTC days (YYYY-MM-DD), both ends included; an event type matches itself and its sub-types
// ("auth" finds auth.sign_in, auth.lock...).
struct AuditFilter
{
    std::string person{}; // login role
    std::string caseId{};
    std::string eventType{};
    std::string fromDay{};
    std::string toDay{};
    int limit = 1000;
};

struct AuditEvent
{
    std::string id;
    std::string occurredAt; // UTC, ISO 8601
    std::string receivedAt;
    std::string actor;
    std::string eventType;
    std::string objectType;
    std::string objectId;
    std::string outcome;
    std::string details; // JSON, no PII values
    std::string caseId;  // the case the event is about, when there is one
};

// The audit trail as its reviewers read it (issue: audit trail, review in the client): newest
// first, through the person's own connection, so the server's grants decide who may (auditors
// and managers). Every search and every export is itself an event (`audit.search`,
// `audit.export`, with the filter).
class AuditSearch
{
public:
    explicit AuditSearch(const remote::PgConnection& connection);

    [[nodiscard]] Result<std::vector<AuditEvent>> find(const AuditFilter& filter) const;
    // Records the export of `rows` events found with `filter`.
    [[nodiscard]] Result<void> recordExport(const AuditFilter& filter, std::size_t rows) const;

    // RFC 4180 CSV with a header; a cell a spreadsheet would run as a formula (= + - @ at its
    // start) is prefixed with an apostrophe.
    [[nodiscard]] static std::string csvOf(const std::vector<AuditEvent>& events);

private:
    [[nodiscard]] Result<void>
    record(const char* type, const char* outcome, const AuditFilter& filter, std::size_t rows) const;

    const remote::PgConnection& m_connection;
};

} // namespace cms::core::audit
