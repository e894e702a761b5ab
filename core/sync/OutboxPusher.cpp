#include "core/sync/OutboxPusher.h"

#include "core/remote/PgConnection.h"

namespace cms::core::sync {

namespace {

struct Entry
{
    std::string seq;
    std::string entryId;
    std::string table;
    std::string rowId;
    std::string baseVersion;
    std::string changed;
};

Result<std::optional<Entry>> oldest(const cache::CacheDatabase& cache)
{
    auto rows =
        cache.query("SELECT seq, entry_id, table_name, row_id, base_version, changed FROM outbox ORDER BY seq LIMIT 1");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty()) {
        return std::optional<Entry>();
    }
    const auto& row = rows->front();
    return std::optional<Entry>(Entry{*row[0], *row[1], *row[2], *row[3], *row[4], *row[5]});
}

} // namespace

OutboxPusher::OutboxPusher(const cache::CacheDatabase& cache, const remote::PgConnection& server, FaultHook fault)
    : m_cache(cache)
    , m_server(server)
    , m_fault(std::move(fault))
{}

Result<PushReport> OutboxPusher::push() const
{
    const auto fault = [&](Step step) {
        if (m_fault) {
            m_fault(step);
        }
    };
    PushReport report;
    for (;;) {
        auto next = oldest(m_cache);
        if (!next) {
            return std::unexpected(next.error());
        }
        if (!*next) {
            return report;
        }
        const Entry& entry = **next;
        fault(Step::BeforeSend);
        auto reply =
            m_server.exec("SELECT outcome, version FROM cms.apply_edit($1::uuid, $2, $3, $4::integer, $5::jsonb)",
                          {entry.entryId, entry.table, entry.rowId, entry.baseVersion, entry.changed});
        if (!reply) {
            return std::unexpected(reply.error());
        }
        fault(Step::AfterServerCommit);
        const std::string outcome = reply->text(0, 0);
        const auto version =
            reply->isNull(0, 1) ? std::optional<int>() : std::optional<int>(std::stoi(reply->text(0, 1)));
        if (outcome == "conflict" || outcome == "gone") {
            report.conflict =
                PushConflict{entry.entryId, entry.table, entry.rowId, std::stoi(entry.baseVersion), version};
            return report;
        }
        const std::string newVersion = std::to_string(version.value_or(0));
        auto settled = m_cache.transaction([&]() -> Result<void> {
            for (const auto& [sql, params] :
                 std::initializer_list<std::pair<const char*, std::vector<cache::CacheValue>>>{
                     {"DELETE FROM outbox WHERE seq = ?1", {entry.seq}},
                     {"UPDATE cached_rows SET version = ?3 WHERE table_name = ?1 AND row_id = ?2",
                      {entry.table, entry.rowId, newVersion}},
                     {"UPDATE outbox SET base_version = ?4 WHERE table_name = ?1 AND row_id = ?2 AND base_version = ?3",
                      {entry.table, entry.rowId, entry.baseVersion, newVersion}},
                 }) {
                if (auto done = m_cache.query(sql, params); !done) {
                    return std::unexpected(done.error());
                }
            }
            fault(Step::InLocalTransaction);
            return {};
        });
        if (!settled) {
            return std::unexpected(settled.error());
        }
        (outcome == "applied" ? report.applied : report.appliedBefore) += 1;
    }
}

} // namespace cms::core::sync
