#pragma once

#include <string_view>
#include <vector>

namespace cms::core::storage {

// One schema migration, embedded from sql/server or sql/cache at build time. Released files are
// never edited: a change is a new, higher-numbered file.
struct Migration
{
    int version = 0;
    std::string_view name;
    std::string_view sql;
};

// Generated (sql/EmbedSql.cmake), ordered by version.
[[nodiscard]] const std::vector<Migration>& serverMigrations();
[[nodiscard]] const std::vector<Migration>& cacheMigrations();

} // namespace cms::core::storage
