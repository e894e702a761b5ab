#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"
#include "core/storage/Migration.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::remote {

struct MigrationState
{
    int version = 0;
    std::string name;
    bool known = true;                    // carried by this build
    std::optional<std::string> appliedAt; // empty: pending
};

// Brings the central database to the schema this build carries (sql/server): each pending
// migration in its own transaction, recorded in cms_meta.schema_migrations with its SHA-256.
// Refuses a database that has a migration this build does not know (it is newer) or whose
// applied migration differs from ours (a released file was edited). Safe to run concurrently:
// an advisory lock serialises runners.
class ServerMigrator
{
public:
    explicit ServerMigrator(const PgConnection& admin,
                            const std::vector<storage::Migration>& known = storage::serverMigrations());

    [[nodiscard]] Result<std::vector<MigrationState>> status() const;
    // Returns the versions applied now (empty when the database was up to date).
    [[nodiscard]] Result<std::vector<int>>
    migrate(const std::function<void(const storage::Migration&)>& starting = {}) const;

private:
    struct Applied
    {
        int version = 0;
        std::string name;
        std::string sha256;
        std::string appliedAt;
    };
    [[nodiscard]] Result<void> ensureLedger() const;
    [[nodiscard]] Result<std::vector<Applied>> applied() const;
    [[nodiscard]] Result<void> checkCompatible(const std::vector<Applied>& applied) const;
    [[nodiscard]] Result<bool> applyOne(const storage::Migration& migration) const;

    const PgConnection& m_admin;
    const std::vector<storage::Migration>& m_known;
};

} // namespace cms::core::remote
