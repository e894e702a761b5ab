#include "core/sync/CacheOwner.h"

#include "core/remote/PgConnection.h"

#include <array>
#include <utility>

namespace cms::core::sync {

namespace {

constexpr std::array<const char*, 6> kNames{
    "owner_login", "owner_display_name", "owner_job_role", "owner_team_id", "owner_team", "owner_pii_holder"};

} // namespace

Result<void> CacheOwner::remember(const cache::CacheDatabase& cache, const remote::PgConnection& server)
{
    auto row =
        server.exec("SELECT session_user::text, s.display_name, s.job_role::text, coalesce(s.team_id::text, ''), "
                    "coalesce(t.name, ''), CASE WHEN pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') "
                    "THEN '1' ELSE '0' END FROM cms.staff s LEFT JOIN cms.teams t ON t.id = s.team_id "
                    "WHERE s.login_role = session_user AND s.active");
    if (!row) {
        return std::unexpected(row.error());
    }
    if (row->rows() != 1) {
        return fail(ErrorCode::ConnectionRefused, "The server has no active person for this card.");
    }
    return cache.transaction([&]() -> Result<void> {
        for (std::size_t i = 0; i < kNames.size(); ++i) {
            auto stored = cache.query("INSERT OR REPLACE INTO cache_meta VALUES (?1, ?2)",
                                      {kNames[i], row->text(0, static_cast<int>(i))});
            if (!stored) {
                return std::unexpected(stored.error());
            }
        }
        return {};
    });
}

Result<CacheOwner> CacheOwner::read(const cache::CacheDatabase& cache)
{
    auto rows = cache.query("SELECT name, value FROM cache_meta WHERE name LIKE 'owner\\_%' ESCAPE '\\'");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    CacheOwner owner;
    bool known = false;
    for (const auto& row : *rows) {
        const auto name = row[0].value_or("");
        const auto value = row[1].value_or("");
        if (name == kNames[0]) {
            owner.loginRole = value;
        } else if (name == kNames[1]) {
            owner.displayName = value;
            known = true;
        } else if (name == kNames[2]) {
            owner.jobRole = value;
        } else if (name == kNames[3]) {
            owner.teamId = value;
        } else if (name == kNames[4]) {
            owner.team = value;
        } else if (name == kNames[5]) {
            owner.piiHolder = value == "1";
        }
    }
    if (!known) {
        return fail(ErrorCode::InvalidArgument,
                    "This laptop's cache has no cases yet: take cases for field work while online first.");
    }
    return owner;
}

} // namespace cms::core::sync
