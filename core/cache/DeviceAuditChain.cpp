#include "core/cache/DeviceAuditChain.h"

#include "core/common/Hex.h"
#include "core/common/Sha256.h"
#include "core/common/UtcTime.h"

namespace cms::core::cache {

namespace {

const std::string kGenesis(64, '0');

DeviceEvent eventOf(const CacheRow& row)
{
    return DeviceEvent{std::stoll(row[0].value_or("0")),
                       row[1].value_or(""),
                       row[2].value_or(""),
                       row[3].value_or(""),
                       row[4].value_or(""),
                       row[5].value_or(""),
                       row[6].value_or("{}"),
                       row[7].value_or(""),
                       row[8].value_or("")};
}

constexpr const char* kColumns =
    "position, event_type, object_type, object_id, outcome, occurred_at, details, prev_hash, hash";

} // namespace

DeviceAuditChain::DeviceAuditChain(const CacheDatabase& cache)
    : m_cache(cache)
{}

std::string DeviceAuditChain::hashOf(const DeviceEvent& event)
{
    std::string bytes;
    if (const auto previous = fromHex(event.prevHash)) {
        bytes.assign(previous->begin(), previous->end());
    }
    const std::vector<std::string> fields{std::to_string(event.position),
                                          event.eventType,
                                          event.objectType,
                                          event.objectId,
                                          event.outcome,
                                          event.occurredAt,
                                          event.details};
    for (std::size_t i = 0; i < fields.size(); ++i) {
        bytes += (i == 0 ? "" : "\x1f") + fields[i];
    }
    return sha256Hex(bytes);
}

Result<DeviceEvent> DeviceAuditChain::append(const std::string& eventType,
                                             const std::string& objectType,
                                             const std::string& objectId,
                                             const std::string& outcome,
                                             const std::string& detailsJson,
                                             std::chrono::system_clock::time_point at) const
{
    DeviceEvent event;
    auto done = m_cache.transaction([&]() -> Result<void> {
        auto last = m_cache.query("SELECT position, hash FROM device_audit ORDER BY position DESC LIMIT 1");
        if (!last) {
            return std::unexpected(last.error());
        }
        event.position = last->empty() ? 1 : std::stoll(last->front()[0].value_or("0")) + 1;
        event.prevHash = last->empty() ? kGenesis : last->front()[1].value_or(kGenesis);
        event.eventType = eventType;
        event.objectType = objectType;
        event.objectId = objectId;
        event.outcome = outcome;
        event.occurredAt = utcIsoTime(at);
        event.details = detailsJson;
        event.hash = hashOf(event);
        auto stored = m_cache.query("INSERT INTO device_audit (" + std::string(kColumns)
                                        + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                    {std::to_string(event.position),
                                     event.eventType,
                                     event.objectType,
                                     event.objectId,
                                     event.outcome,
                                     event.occurredAt,
                                     event.details,
                                     event.prevHash,
                                     event.hash});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        return {};
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return event;
}

Result<std::vector<DeviceEvent>> DeviceAuditChain::pending(int limit) const
{
    auto rows = m_cache.query("SELECT " + std::string(kColumns)
                                  + " FROM device_audit WHERE state = 'pending' ORDER BY position LIMIT ?1",
                              {std::to_string(limit)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<DeviceEvent> events;
    for (const auto& row : *rows) {
        events.push_back(eventOf(row));
    }
    return events;
}

Result<int> DeviceAuditChain::pendingCount() const
{
    auto count = m_cache.queryValue("SELECT count(*) FROM device_audit WHERE state = 'pending'");
    if (!count) {
        return std::unexpected(count.error());
    }
    return std::stoi(count->value_or("0"));
}

Result<void> DeviceAuditChain::settle(long long upTo, bool refused) const
{
    auto done = m_cache.query("UPDATE device_audit SET state = ?2 WHERE state = 'pending' AND position <= ?1",
                              {std::to_string(upTo), std::string(refused ? "refused" : "ingested")});
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<std::string> DeviceAuditChain::deviceId() const
{
    auto id = m_cache.queryValue("SELECT value FROM cache_meta WHERE name = 'device_id'");
    if (!id) {
        return std::unexpected(id.error());
    }
    if (!id->has_value()) {
        return fail(ErrorCode::Internal, "This cache has no device id.", "cache_meta device_id missing");
    }
    return **id;
}

Result<long long> DeviceAuditChain::firstBrokenLink() const
{
    auto rows = m_cache.query("SELECT " + std::string(kColumns) + " FROM device_audit ORDER BY position");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::string previous = kGenesis;
    long long expected = 1;
    for (const auto& row : *rows) {
        const auto event = eventOf(row);
        if (event.position != expected || event.prevHash != previous || hashOf(event) != event.hash) {
            return event.position;
        }
        previous = event.hash;
        ++expected;
    }
    return 0;
}

} // namespace cms::core::cache
