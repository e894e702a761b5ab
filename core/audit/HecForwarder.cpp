#include "core/audit/HecForwarder.h"

#include "core/net/Gzip.h"
#include "core/net/HttpsClient.h"
#include "core/remote/PgConnection.h"

#include <boost/json.hpp>
#include <random>
#include <thread>
#include <vector>

namespace cms::core::audit {

namespace json = boost::json;

struct HecForwarder::Batch
{
    std::vector<long long> positions;
    std::vector<std::string> eventIds;
    std::vector<std::string> lines; // one HEC event (JSON) each
};

enum class HecForwarder::Sent
{
    Acknowledged,
    TryAgain,
    Quarantined,
};

namespace {

// HEC's error codes that mean the token is wrong: retrying cannot mend them.
bool tokenRefused(unsigned status, std::int64_t code)
{
    return status == 401 || status == 403 || code == 1 || code == 2 || code == 3 || code == 4;
}

json::value parsedOr(const std::string& text, json::value fallback)
{
    json::error_code failed;
    auto value = json::parse(text, failed);
    return failed ? fallback : value;
}

std::int64_t intOf(const json::object& object, const char* key, std::int64_t fallback)
{
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_int64() ? value->as_int64() : fallback;
}

} // namespace

HecForwarder::HecForwarder(const remote::PgConnection& database, HecSettings settings, Sleep sleep, Say say)
    : m_database(database)
    , m_settings(std::move(settings))
    , m_sleep(sleep ? std::move(sleep)
                    : Sleep([](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); }))
    , m_say(say ? std::move(say) : Say([](const std::string&) {}))
{}

Result<HecForwarder::Batch> HecForwarder::nextBatch(long long after) const
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
        {std::to_string(after), m_settings.destination, std::to_string(m_settings.batchSize)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    Batch batch;
    for (int row = 0; row < rows->rows(); ++row) {
        const auto text = [&](int column) {
            return rows->text(row, column);
        };
        json::object event{{"id", std::stoll(text(1))},
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
        const std::string host = !text(9).empty() ? text(9) : !text(7).empty() ? text(7) : std::string("cms-database");
        const json::object envelope{{"host", host},
                                    {"source", m_settings.source},
                                    {"sourcetype", m_settings.sourcetype},
                                    {"event", std::move(event)}};
        // "time" first, as epoch seconds to the microsecond (a JSON number written as the server
        // printed it: a double would round it).
        batch.lines.push_back("{\"time\":" + text(2) + "," + json::serialize(envelope).substr(1));
        batch.positions.push_back(std::stoll(text(0)));
        batch.eventIds.push_back(text(1));
    }
    return batch;
}

void HecForwarder::backOff(int attempt, ForwardReport& report, const std::string& why) const
{
    ++report.retries;
    const auto ceiling =
        std::min(m_settings.backoffMax.count(), m_settings.backoffFirst.count() << std::min(attempt, 20));
    static thread_local std::mt19937 random(std::random_device{}());
    // Full jitter between half the ceiling and the ceiling: forwarders restarted together spread out.
    std::uniform_int_distribution<long long> jitter(ceiling / 2, std::max<long long>(ceiling, 1));
    const std::chrono::milliseconds wait(jitter(random));
    m_say(why + "; trying again in " + std::to_string(wait.count()) + " ms");
    m_sleep(wait);
}

Result<HecForwarder::Sent>
HecForwarder::send(const Batch& batch, const std::string& channel, ForwardReport& report) const
{
    const net::HttpsClient indexer(m_settings.host, m_settings.port, m_settings.caFile, m_settings.timeout);
    const net::HttpsClient::Headers headers{{"Authorization", "Splunk " + m_settings.token},
                                            {"X-Splunk-Request-Channel", channel},
                                            {"Content-Type", "application/json"}};
    std::string body;
    for (const auto& line : batch.lines) {
        body += line;
        body += '\n';
    }
    auto eventHeaders = headers;
    eventHeaders.emplace_back("Content-Encoding", "gzip");
    auto reply = indexer.post("/services/collector/event", eventHeaders, net::Gzip::compress(body));
    if (!reply) {
        m_say(reply.error().message + " " + reply.error().detail);
        return Sent::TryAgain;
    }
    const auto answer = parsedOr(reply->body, json::object());
    const json::object none;
    const auto& fields = answer.is_object() ? answer.as_object() : none;
    const auto code = intOf(fields, "code", -1);
    const auto* said = fields.if_contains("text");
    const std::string text = said != nullptr && said->is_string() ? std::string(said->as_string()) : reply->body;
    if (tokenRefused(reply->status, code)) {
        return fail(ErrorCode::ConnectionRefused,
                    "Splunk refused the HEC token (HTTP " + std::to_string(reply->status) + ", code "
                        + std::to_string(code) + ": " + text + "): check the token file.");
    }
    if (reply->status == 400 && (code == 6 || code == 5 || code == 12 || code == 13)) {
        // Invalid data: the event it names is kept aside (the first, when it names none, so that
        // each refusal sets one aside and the rest goes on).
        auto invalid = intOf(fields, "invalid-event-number", 0);
        if (invalid < 0 || invalid >= static_cast<std::int64_t>(batch.eventIds.size())) {
            invalid = 0;
        }
        const auto& eventId = batch.eventIds[static_cast<std::size_t>(invalid)];
        auto kept =
            m_database.exec("INSERT INTO cms_audit.forward_quarantine (destination, event_id, reason) VALUES "
                            "($1, $2::bigint, $3) ON CONFLICT DO NOTHING",
                            {m_settings.destination, eventId, "HEC code " + std::to_string(code) + ": " + text});
        if (!kept) {
            return std::unexpected(kept.error());
        }
        ++report.quarantined;
        m_say("event " + eventId + " quarantined: the indexer calls it invalid (" + text + ")");
        return Sent::Quarantined;
    }
    if (reply->status != 200 || code != 0 || fields.if_contains("ackId") == nullptr) {
        m_say("the indexer answered HTTP " + std::to_string(reply->status) + " (" + text + ")");
        if (reply->status >= 400 && reply->status < 500 && reply->status != 429) {
            return fail(ErrorCode::InvalidArgument,
                        "Splunk refused the events (HTTP " + std::to_string(reply->status) + ": " + text + ").");
        }
        return Sent::TryAgain; // busy (503, code 9), overloaded, or another server error
    }
    const auto ackId = intOf(fields, "ackId", -1);
    const std::string query = json::serialize(json::object{{"acks", json::array{ackId}}});
    const auto deadline = std::chrono::steady_clock::now() + m_settings.ackWait;
    // The first look at once, then at growing intervals up to ackPollInterval: a quick indexer
    // costs one round trip, a slow one is not flooded.
    auto interval = std::min(std::chrono::milliseconds(10), m_settings.ackPollInterval);
    for (bool first = true; std::chrono::steady_clock::now() < deadline; first = false) {
        if (!first) {
            m_sleep(interval);
            interval = std::min(interval * 2, m_settings.ackPollInterval);
        }
        auto acks = indexer.post("/services/collector/ack?channel=" + channel, headers, query);
        if (!acks || acks->status != 200) {
            ++report.retries; // the poll again, until the deadline
            continue;
        }
        const auto status = parsedOr(acks->body, json::object());
        const auto* all = status.is_object() ? status.as_object().if_contains("acks") : nullptr;
        const auto* mine =
            all != nullptr && all->is_object() ? all->as_object().if_contains(std::to_string(ackId)) : nullptr;
        if (mine != nullptr && mine->is_bool() && mine->as_bool()) {
            return Sent::Acknowledged;
        }
    }
    m_say("no acknowledgment of batch " + std::to_string(ackId) + " in time: it goes again");
    return Sent::TryAgain;
}

Result<ForwardReport> HecForwarder::forwardAvailable(const KeepGoing& keepGoing) const
{
    ForwardReport report;
    auto cursor = m_database.exec("INSERT INTO cms_audit.forward_cursors (destination) VALUES ($1) ON CONFLICT DO "
                                  "NOTHING",
                                  {m_settings.destination});
    if (!cursor) {
        return std::unexpected(cursor.error());
    }
    auto standing =
        m_database.exec("SELECT last_position, channel::text FROM cms_audit.forward_cursors WHERE destination = $1",
                        {m_settings.destination});
    if (!standing) {
        return std::unexpected(standing.error());
    }
    report.lastPosition = std::stoll(standing->text(0, 0));
    const std::string channel = standing->text(0, 1);
    const auto goOn = [&] {
        return !keepGoing || keepGoing();
    };
    while (goOn()) {
        auto batch = nextBatch(report.lastPosition);
        if (!batch) {
            return std::unexpected(batch.error());
        }
        if (batch->positions.empty()) {
            return report;
        }
        for (int attempt = 0;; ++attempt) {
            auto sent = send(*batch, channel, report);
            if (!sent) {
                return std::unexpected(sent.error());
            }
            if (*sent == Sent::Quarantined) {
                break; // the batch again without it
            }
            if (*sent == Sent::Acknowledged) {
                auto moved = m_database.exec("UPDATE cms_audit.forward_cursors SET last_position = $2::bigint, "
                                             "updated_at = now() WHERE destination = $1",
                                             {m_settings.destination, std::to_string(batch->positions.back())});
                if (!moved) {
                    return std::unexpected(moved.error());
                }
                report.lastPosition = batch->positions.back();
                report.forwarded += static_cast<long long>(batch->positions.size());
                break;
            }
            if (!goOn()) {
                return report;
            }
            backOff(attempt,
                    report,
                    "the batch after position " + std::to_string(report.lastPosition) + " was not delivered");
        }
    }
    return report;
}

} // namespace cms::core::audit
