#include "core/remote/ServerMigrator.h"

#include "core/common/Sha256.h"

#include <algorithm>
#include <cstdio>

namespace cms::core::remote {

namespace {

constexpr std::string_view kLedgerSql = R"(
CREATE SCHEMA IF NOT EXISTS cms_meta;
REVOKE ALL ON SCHEMA cms_meta FROM PUBLIC;
CREATE TABLE IF NOT EXISTS cms_meta.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    sha256     text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by name NOT NULL DEFAULT session_user
);
)";

// Any constant key: every runner of every release takes the same lock.
constexpr std::string_view kLockSql = "SELECT pg_advisory_xact_lock(7242024001)";

std::string label(int version, std::string_view name)
{
    char number[16];
    std::snprintf(number, sizeof number, "%04d", version);
    return std::string(number) + " (" + std::string(name) + ")";
}

} // namespace

ServerMigrator::ServerMigrator(const PgConnection& admin, const std::vector<storage::Migration>& known)
    : m_admin(admin)
    , m_known(known)
{}

Result<void> ServerMigrator::ensureLedger() const
{
    return m_admin.execScript("SET client_min_messages = warning;" + std::string(kLedgerSql));
}

Result<std::vector<ServerMigrator::Applied>> ServerMigrator::applied() const
{
    auto rows = m_admin.exec(
        "SELECT version, name, sha256, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' "
        "FROM cms_meta.schema_migrations ORDER BY version");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<Applied> result;
    for (int row = 0; row < rows->rows(); ++row) {
        result.push_back({std::stoi(rows->text(row, 0)), rows->text(row, 1), rows->text(row, 2), rows->text(row, 3)});
    }
    return result;
}

Result<void> ServerMigrator::checkCompatible(const std::vector<Applied>& applied) const
{
    for (const Applied& done : applied) {
        const auto ours = std::ranges::find(m_known, done.version, &storage::Migration::version);
        if (ours == m_known.end()) {
            return fail(ErrorCode::Database,
                        "The database has migration " + label(done.version, done.name)
                            + ", which this cmsadmin does not know: the database is newer. Use the cmsadmin of "
                              "that release or a later one.");
        }
        if (sha256Hex(ours->sql) != done.sha256) {
            return fail(ErrorCode::Database,
                        "Migration " + label(done.version, done.name)
                            + " in the database differs from the one this cmsadmin carries: a released migration "
                              "was edited. Stop and compare the two.");
        }
    }
    return {};
}

Result<std::vector<MigrationState>> ServerMigrator::status() const
{
    if (auto ledger = ensureLedger(); !ledger) {
        return std::unexpected(ledger.error());
    }
    auto done = applied();
    if (!done) {
        return std::unexpected(done.error());
    }
    std::vector<MigrationState> states;
    for (const storage::Migration& migration : m_known) {
        MigrationState state{migration.version, std::string(migration.name), true, std::nullopt};
        if (const auto it = std::ranges::find(*done, migration.version, &Applied::version); it != done->end()) {
            state.appliedAt = it->appliedAt;
        }
        states.push_back(std::move(state));
    }
    for (const Applied& applied : *done) {
        if (std::ranges::find(m_known, applied.version, &storage::Migration::version) == m_known.end()) {
            states.push_back({applied.version, applied.name, false, applied.appliedAt});
        }
    }
    std::ranges::sort(states, {}, &MigrationState::version);
    return states;
}

Result<bool> ServerMigrator::applyOne(const storage::Migration& migration) const
{
    const auto rollback = [this](Error error) -> Result<bool> {
        (void)m_admin.execScript("ROLLBACK");
        return std::unexpected(std::move(error));
    };
    if (auto begun = m_admin.execScript("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    if (auto locked = m_admin.exec(kLockSql); !locked) {
        return rollback(locked.error());
    }
    // Another runner may have applied it while we waited for the lock.
    auto present = m_admin.queryValue("SELECT 1 FROM cms_meta.schema_migrations WHERE version = $1",
                                      {std::to_string(migration.version)});
    if (!present) {
        return rollback(present.error());
    }
    if (present->has_value()) {
        (void)m_admin.execScript("ROLLBACK");
        return false;
    }
    if (auto ran = m_admin.execScript(migration.sql); !ran) {
        Error error = ran.error();
        error.message =
            "Migration " + label(migration.version, migration.name)
            + " failed and was rolled back; the database is unchanged by it. The server said: " + error.message;
        return rollback(std::move(error));
    }
    // A migration may SET ROLE cms_owner; the ledger belongs to the administrator.
    if (auto reset = m_admin.execScript("RESET ROLE"); !reset) {
        return rollback(reset.error());
    }
    auto recorded =
        m_admin.exec("INSERT INTO cms_meta.schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
                     {std::to_string(migration.version), std::string(migration.name), sha256Hex(migration.sql)});
    if (!recorded) {
        return rollback(recorded.error());
    }
    if (auto committed = m_admin.execScript("COMMIT"); !committed) {
        return std::unexpected(committed.error());
    }
    return true;
}

Result<std::vector<int>> ServerMigrator::migrate(const std::function<void(const storage::Migration&)>& starting) const
{
    if (auto ledger = ensureLedger(); !ledger) {
        return std::unexpected(ledger.error());
    }
    auto done = applied();
    if (!done) {
        return std::unexpected(done.error());
    }
    if (auto compatible = checkCompatible(*done); !compatible) {
        return std::unexpected(compatible.error());
    }
    std::vector<int> appliedNow;
    for (const storage::Migration& migration : m_known) {
        if (std::ranges::find(*done, migration.version, &Applied::version) != done->end()) {
            continue;
        }
        if (starting) {
            starting(migration);
        }
        auto ran = applyOne(migration);
        if (!ran) {
            return std::unexpected(ran.error());
        }
        if (*ran) {
            appliedNow.push_back(migration.version);
        }
    }
    return appliedNow;
}

} // namespace cms::core::remote
