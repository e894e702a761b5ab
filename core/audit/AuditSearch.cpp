#include "core/audit/AuditSearch.h"

#include "core/remote/PgConnection.h"

#include <boost/json.hpp>
#include <regex>

namespace cms::core::audit {

namespace {

const char* const kColumns =
    "SELECT e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), e.actor, e.event_type, "
    "coalesce(e.object_type, ''), coalesce(e.object_id, ''), e.outcome, e.details::text, "
    "coalesce(e.details ->> 'case_id', CASE WHEN e.object_type = 'cms.cases' THEN e.object_id END, '') "
    "FROM cms_audit.events e";

Result<void> checkDay(const std::string& day, const char* which)
{
    static const std::regex shape(R"(\d{4}-\d{2}-\d{2})");
    if (!day.empty() && !std::regex_match(day, shape)) {
        return fail(ErrorCode::InvalidArgument,
                    std::string("The ") + which + " day \"" + day + "\" is not a date (YYYY-MM-DD).");
    }
    return {};
}

std::string csvCell(const std::string& value)
{
    std::string cell = value;
    if (!cell.empty() && (cell.front() == '=' || cell.front() == '+' || cell.front() == '-' || cell.front() == '@')) {
        cell.insert(cell.begin(), '\'');
    }
    if (cell.find_first_of(",\"\r\n") == std::string::npos && cell.size() == value.size()) {
        return cell;
    }
    std::string quoted = "\"";
    for (const char c : cell) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

} // namespace

AuditSearch::AuditSearch(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<std::vector<AuditEvent>> AuditSearch::find(const AuditFilter& filter) const
{
    for (const auto& [day, which] : {std::pair{&filter.fromDay, "first"}, std::pair{&filter.toDay, "last"}}) {
        if (auto checked = checkDay(*day, which); !checked) {
            return std::unexpected(checked.error());
        }
    }
    // Only the conditions asked for, each with its bound value (the indexes on the case and the
    // object serve them).
    std::string where;
    remote::PgParams params;
    const auto condition = [&](const std::string& value, const std::string& sql) {
        if (value.empty()) {
            return;
        }
        params.emplace_back(value);
        std::string placed = sql;
        for (auto at = placed.find('?'); at != std::string::npos; at = placed.find('?')) {
            placed.replace(at, 1, "$" + std::to_string(params.size()));
        }
        where += (where.empty() ? " WHERE " : " AND ") + placed;
    };
    condition(filter.person, "e.actor = ?::name");
    condition(filter.caseId, "(e.details ->> 'case_id' = ? OR (e.object_type = 'cms.cases' AND e.object_id = ?))");
    condition(filter.eventType, "(e.event_type = ? OR e.event_type LIKE ? || '.%')");
    condition(filter.fromDay, "e.occurred_at >= (?::date)::timestamp AT TIME ZONE 'UTC'");
    condition(filter.toDay, "e.occurred_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'");
    params.emplace_back(std::to_string(filter.limit));
    auto rows = m_connection.exec(std::string(kColumns) + where + " ORDER BY e.id DESC LIMIT $"
                                      + std::to_string(params.size()) + "::int",
                                  params);
    if (!rows) {
        (void)record("audit.search", "refused", filter, 0); // the refusal is on record too (it may fail as well)
        return std::unexpected(rows.error());
    }
    std::vector<AuditEvent> events;
    for (int row = 0; row < rows->rows(); ++row) {
        events.push_back({rows->text(row, 0),
                          rows->text(row, 1),
                          rows->text(row, 2),
                          rows->text(row, 3),
                          rows->text(row, 4),
                          rows->text(row, 5),
                          rows->text(row, 6),
                          rows->text(row, 7),
                          rows->text(row, 8),
                          rows->text(row, 9)});
    }
    if (auto recorded = record("audit.search", "success", filter, events.size()); !recorded) {
        return std::unexpected(recorded.error());
    }
    return events;
}

Result<void> AuditSearch::recordExport(const AuditFilter& filter, std::size_t rows) const
{
    return record("audit.export", "success", filter, rows);
}

Result<void>
AuditSearch::record(const char* type, const char* outcome, const AuditFilter& filter, std::size_t rows) const
{
    boost::json::object details{{"rows", rows}};
    for (const auto& [name, value] : {std::pair{"person", &filter.person},
                                      std::pair{"case_id", &filter.caseId},
                                      std::pair{"event_type", &filter.eventType},
                                      std::pair{"from", &filter.fromDay},
                                      std::pair{"to", &filter.toDay}}) {
        if (!value->empty()) {
            details[name] = *value;
        }
    }
    auto recorded = m_connection.exec("SELECT cms_audit.record_event($1, 'cms_audit.events', NULL, $2, $3::jsonb)",
                                      {std::string(type), std::string(outcome), boost::json::serialize(details)});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return {};
}

std::string AuditSearch::csvOf(const std::vector<AuditEvent>& events)
{
    std::string csv =
        "id,occurred_at_utc,received_at_utc,person,event_type,object_type,object_id,outcome,case_id,details\r\n";
    for (const auto& event : events) {
        for (const auto* value : {&event.id,
                                  &event.occurredAt,
                                  &event.receivedAt,
                                  &event.actor,
                                  &event.eventType,
                                  &event.objectType,
                                  &event.objectId,
                                  &event.outcome,
                                  &event.caseId}) {
            csv += csvCell(*value) + ",";
        }
        csv += csvCell(event.details) + "\r\n";
    }
    return csv;
}

} // namespace cms::core::audit
