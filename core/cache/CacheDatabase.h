#pragma once

#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace cms::core::cache {

using CacheValue = std::optional<std::string>; // NULL as nullopt
using CacheRow = std::vector<CacheValue>;

// One SQLCipher database file, opened with a raw 256-bit key (DESIGN.md, pitfalls): refuses to
// go on over plain SQLite (whose `PRAGMA key` would silently write plaintext), names a wrong key
// as such, and runs with WAL, synchronous=FULL, temporary storage in memory and secure delete.
// Used from one thread at a time.
class CacheDatabase
{
public:
    [[nodiscard]] static Result<CacheDatabase> open(const std::filesystem::path& file, const SecureBuffer& key);

    CacheDatabase(CacheDatabase&& other) noexcept;
    CacheDatabase& operator=(CacheDatabase&& other) noexcept;
    CacheDatabase(const CacheDatabase&) = delete;
    CacheDatabase& operator=(const CacheDatabase&) = delete;
    ~CacheDatabase();

    // Statements without parameters, separated by semicolons (migrations, pragmas).
    [[nodiscard]] Result<void> execScript(std::string_view sql) const;
    // One statement with bound text parameters (?1, ?2, ...): its rows, as text.
    [[nodiscard]] Result<std::vector<CacheRow>> query(std::string_view sql,
                                                      const std::vector<CacheValue>& params = {}) const;
    // The first column of the first row; nothing when there is no row.
    [[nodiscard]] Result<CacheValue> queryValue(std::string_view sql, const std::vector<CacheValue>& params = {}) const;

    // Runs `body` in one write transaction (BEGIN IMMEDIATE): committed if it succeeds, rolled
    // back if it fails or throws (the exception goes on). Called inside another transaction, the
    // body joins it: both commit or neither (the outer one decides).
    [[nodiscard]] Result<void> transaction(const std::function<Result<void>()>& body) const;

    // Brings the schema up to sql/cache's newest migration (PRAGMA user_version), each one in a
    // transaction of its own.
    [[nodiscard]] Result<void> migrate() const;
    [[nodiscard]] int schemaVersion() const;

private:
    explicit CacheDatabase(sqlite3* handle);
    [[nodiscard]] Error errorOf(const std::string& message) const;

    sqlite3* m_handle = nullptr;
};

} // namespace cms::core::cache
