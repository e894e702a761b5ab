#include "core/audit/ForwardQueue.h"

#include "core/remote/PgConnection.h"

#include <boost/json.hpp>

namespace cms::core::audit {

namespace json = boost::json;

namespace {

json::value parsedOr(const std::string& text, json::value fallback)
{
    json::error_code failed;
    auto value = json::parse(text, failed);
    return failed ? fallback : value;
}

} // namespace

ForwardQueue::ForwardQueue(const remote::PgConnection& database, std::string destination)
    : m_database(database)
    , m_destination(std::move(destination))
{}

Result<ForwardQueue::Standing> ForwardQueue::standing() const
{
    auto made = m_database.exec(
        "INSERT INTO cms_audit.forward_cursors (destination) VALUES ($1) ON CONFLICT DO NOTHING", {m_destination});
    if (!made) {
        return std::unexpected(made.error());
    }
    auto row = m_database.exec(
        "SELECT last_position, channel::text FROM cms_audit.forward_cursors WHERE destination = $1", {m_destination});
    if (!row) {
        return std::unexpected(row.error());
    }
    return Standing{std::stoll(row->text(0, 0)), row->text(0, 1)};
}

Result<std::vector<OutboundEvent>> ForwardQueue::after(long long position, int limit) const
{
    auto rows = m_database.exec(
        "SELECT e.chain_position, e.id, extract(epoch FROM e.occurred_at)::numeric(20, 6)::text, "
        "to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
        "to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), e.actor, e.application, "
        "coalesce(host(e.client_address), ''), coalesce(e.session_id, ''), coalesce(e.workstation, ''), e.event_type, "
        "coalesce(e.object_type, ''), coalesce(e.object_id, ''), coalesce(to_jsonb(e.changed_columns)::text, 'null'), "
        "e.outcome, e.details::text, encode(e.hash, 'hex') "
        "FROM cms_audit.events e WHERE e.chain_position > $1 AND NOT EXISTS (SELECT FROM cms_audit.forward_quarantine "
        "q WHERE q.destination = $2 AND q.event_id = e.id) ORDER BY e.chain_position LIMIT $3::int",
        {std::to_string(position), m_destination, std::to_string(limit)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<OutboundEvent> events;
    events.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
        const auto text = [&](int column) {
            return rows->text(row, column);
        };
        const json::object event{{"id", std::stoll(text(1))},
                                 {"chain_position", std::stoll(text(0))},
                                 {"hash", text(16)},
                                 {"occurred_at", text(3)},
                                 {"received_at", text(4)},
                                 {"actor", text(5)},
                                 {"application", text(6)},
                                 {"client_address", text(7)},
                                 {"session_id", text(8)},
                                 {"workstation", text(9)},
                                 {"event_type", text(10)},
                                 {"object_type", text(11)},
                                 {"object_id", text(12)},
                                 {"changed_columns", parsedOr(text(13), nullptr)},
                                 {"outcome", text(14)},
                                 {"details", parsedOr(text(15), json::object())}};
        OutboundEvent outbound;
        outbound.position = std::stoll(text(0));
        outbound.id = text(1);
        outbound.epochSeconds = text(2);
        outbound.occurredAt = text(3);
        outbound.host = !text(9).empty() ? text(9) : !text(7).empty() ? text(7) : std::string("cms-database");
        outbound.eventType = text(10);
        outbound.outcome = text(14);
        outbound.hash = text(16);
        outbound.eventJson = json::serialize(event);
        events.push_back(std::move(outbound));
    }
    return events;
}

Result<void> ForwardQueue::advanceTo(long long position) const
{
    auto moved = m_database.exec(
        "UPDATE cms_audit.forward_cursors SET last_position = $2::bigint, updated_at = now() WHERE destination = $1",
        {m_destination, std::to_string(position)});
    if (!moved) {
        return std::unexpected(moved.error());
    }
    return {};
}

Result<void> ForwardQueue::quarantine(const std::string& eventId, const std::string& reason) const
{
    auto kept = m_database.exec("INSERT INTO cms_audit.forward_quarantine (destination, event_id, reason) VALUES ($1, "
                                "$2::bigint, $3) ON CONFLICT DO NOTHING",
                                {m_destination, eventId, reason});
    if (!kept) {
        return std::unexpected(kept.error());
    }
    return {};
}

Result<ForwardReport> ForwardQueue::drain(int batchSize, const KeepGoing& keepGoing, const Deliver& deliver) const
{
    ForwardReport report;
    const auto cursor = standing();
    if (!cursor) {
        return std::unexpected(cursor.error());
    }
    report.lastPosition = cursor->lastPosition;
    while (!keepGoing || keepGoing()) {
        const auto batch = after(report.lastPosition, batchSize);
        if (!batch) {
            return std::unexpected(batch.error());
        }
        if (batch->empty()) {
            break;
        }
        const auto outcome = deliver(*batch, report);
        if (!outcome) {
            return std::unexpected(outcome.error());
        }
        if (outcome->kind == BatchOutcome::Kind::Stopped) {
            break;
        }
        if (outcome->kind == BatchOutcome::Kind::Delivered) {
            auto moved = advanceTo(batch->back().position);
            if (!moved) {
                return std::unexpected(moved.error());
            }
            report.lastPosition = batch->back().position;
            report.forwarded += outcome->delivered;
        }
    }
    return report;
}

} // namespace cms::core::audit
