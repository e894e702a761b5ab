#include "core/audit/HecForwarder.h"

#include "core/net/Gzip.h"
#include "core/net/HttpsClient.h"

#include <boost/json.hpp>
#include <thread>
#include <vector>

namespace cms::core::audit {

namespace json = boost::json;

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
    : m_queue(database, settings.destination)
    , m_settings(std::move(settings))
    , m_sleep(sleep ? std::move(sleep)
                    : Sleep([](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); }))
    , m_say(say ? std::move(say) : Say([](const std::string&) {}))
    , m_backoff(m_settings.backoffFirst, m_settings.backoffMax, m_sleep, m_say)
{}

std::string HecForwarder::hecEvent(const OutboundEvent& event) const
{
    // "time" first, as epoch seconds to the microsecond (a JSON number written as the server
    // printed it: a double would round it).
    return "{\"time\":" + event.epochSeconds + ",\"host\":" + json::serialize(json::string(event.host))
           + ",\"source\":" + json::serialize(json::string(m_settings.source)) + ",\"sourcetype\":"
           + json::serialize(json::string(m_settings.sourcetype)) + ",\"event\":" + event.eventJson + "}";
}

Result<HecForwarder::Sent> HecForwarder::send(net::HttpsClient& indexer,
                                              const std::vector<OutboundEvent>& batch,
                                              const std::string& channel,
                                              ForwardReport& report) const
{
    const net::HttpsClient::Headers headers{{"Authorization", "Splunk " + m_settings.token},
                                            {"X-Splunk-Request-Channel", channel},
                                            {"Content-Type", "application/json"}};
    std::string body;
    for (const auto& event : batch) {
        body += hecEvent(event);
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
        if (invalid < 0 || invalid >= static_cast<std::int64_t>(batch.size())) {
            invalid = 0;
        }
        const auto& eventId = batch[static_cast<std::size_t>(invalid)].id;
        auto kept = m_queue.quarantine(eventId, "HEC code " + std::to_string(code) + ": " + text);
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
    const auto standing = m_queue.standing();
    if (!standing) {
        return std::unexpected(standing.error());
    }
    using Outcome = ForwardQueue::BatchOutcome;
    net::HttpsClient indexer(m_settings.host, m_settings.port, m_settings.caFile, m_settings.timeout);
    return m_queue.drain(m_settings.batchSize,
                         keepGoing,
                         [&](const std::vector<OutboundEvent>& batch, ForwardReport& report) -> Result<Outcome> {
                             for (int attempt = 0;; ++attempt) {
                                 auto sent = send(indexer, batch, standing->channel, report);
                                 if (!sent) {
                                     return std::unexpected(sent.error());
                                 }
                                 if (*sent == Sent::Quarantined) {
                                     return Outcome{Outcome::Kind::Again, 0};
                                 }
                                 if (*sent == Sent::Acknowledged) {
                                     return Outcome{Outcome::Kind::Delivered, static_cast<long long>(batch.size())};
                                 }
                                 if (keepGoing && !keepGoing()) {
                                     return Outcome{Outcome::Kind::Stopped, 0};
                                 }
                                 ++report.retries;
                                 m_backoff.wait(attempt,
                                                "the batch after position " + std::to_string(report.lastPosition)
                                                    + " was not delivered");
                             }
                         });
}

} // namespace cms::core::audit
