#include "core/sync/OfflineEdits.h"

#include "core/common/RandomUuid.h"
#include "core/common/UtcTime.h"

#include <boost/json.hpp>
#include <chrono>

namespace cms::core::sync {

namespace json = boost::json;

namespace {

json::object objectOf(const ChangedFields& changed)
{
    json::object object;
    for (const auto& [field, value] : changed) {
        object[field] = value ? json::value(*value) : json::value(nullptr);
    }
    return object;
}

} // namespace

OfflineEdits::OfflineEdits(const cache::CacheDatabase& cache)
    : m_cache(cache)
{}

Result<std::string>
OfflineEdits::edit(const std::string& table, const std::string& rowId, const ChangedFields& changed) const
{
    if (changed.empty()) {
        return fail(ErrorCode::InvalidArgument, "An edit changes at least one field.");
    }
    const std::string entryId = randomUuid();
    auto done = m_cache.transaction([&]() -> Result<void> {
        auto current = m_cache.query("SELECT version, data FROM cached_rows WHERE table_name = ?1 AND row_id = ?2",
                                     {table, rowId});
        if (!current) {
            return std::unexpected(current.error());
        }
        if (current->empty()) {
            return fail(ErrorCode::InvalidArgument,
                        "This " + table + " row is not in the offline cache: check the case out first.");
        }
        const std::string baseVersion = current->front()[0].value_or("0");
        json::error_code unreadable;
        json::value data = json::parse(current->front()[1].value_or("{}"), unreadable);
        if (unreadable || !data.is_object()) {
            return fail(ErrorCode::Internal,
                        "This " + table + " row in the offline cache cannot be read: check the case out again.",
                        "cached row is not a JSON object");
        }
        const auto fields = objectOf(changed);
        json::object before;
        for (const auto& field : fields) {
            const auto* was = data.as_object().if_contains(field.key());
            before[field.key()] = was != nullptr ? *was : json::value(nullptr);
            data.as_object()[field.key()] = field.value();
        }
        auto updated = m_cache.query("UPDATE cached_rows SET data = ?3 WHERE table_name = ?1 AND row_id = ?2",
                                     {table, rowId, json::serialize(data)});
        if (!updated) {
            return std::unexpected(updated.error());
        }
        auto queued = m_cache.query("INSERT INTO outbox (entry_id, table_name, row_id, base_version, changed, "
                                    "base_values, queued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                    {entryId,
                                     table,
                                     rowId,
                                     baseVersion,
                                     json::serialize(fields),
                                     json::serialize(before),
                                     utcIsoTime(std::chrono::system_clock::now())});
        if (!queued) {
            return std::unexpected(queued.error());
        }
        return {};
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return entryId;
}

Result<std::string> OfflineEdits::row(const std::string& table, const std::string& rowId) const
{
    auto data =
        m_cache.queryValue("SELECT data FROM cached_rows WHERE table_name = ?1 AND row_id = ?2", {table, rowId});
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!*data) {
        return fail(ErrorCode::InvalidArgument, "This " + table + " row is not in the offline cache.");
    }
    return **data;
}

Result<long long> OfflineEdits::pendingCount() const
{
    auto count = m_cache.queryValue("SELECT count(*) FROM outbox");
    if (!count) {
        return std::unexpected(count.error());
    }
    return std::stoll(count->value_or("0"));
}

} // namespace cms::core::sync
