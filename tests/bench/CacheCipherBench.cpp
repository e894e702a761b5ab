// What SQLCipher costs the laptop's cache (issue: offline field work): the cache workload (open a
// case, search the cached cases, save an edit with its outbox entry) on an encrypted cache beside
// the same on the same library without a key (plain SQLite pages), as a ratio, with the working
// set in the page cache. The raw SQLite calls are here so that both sides run the very same
// statements; the cache's own code (core/cache) always encrypts.
#include "tests/bench/Benchmark.h"

#include <filesystem>
#include <random>
#include <sqlite3.h>
#include <stdexcept>
#include <string>

namespace cms::bench {

namespace {

constexpr int kCases = 2000;
constexpr int kRowsPerCase = 10;

void exec(sqlite3* db, const std::string& sql)
{
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("cache bench: ") + sqlite3_errmsg(db));
    }
}

// Runs one statement with text parameters, stepping through its rows.
int run(sqlite3* db, const char* sql, std::initializer_list<std::string> params)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("cache bench: ") + sqlite3_errmsg(db));
    }
    int index = 1;
    for (const auto& param : params) {
        sqlite3_bind_text(statement, index++, param.c_str(), static_cast<int>(param.size()), SQLITE_TRANSIENT);
    }
    int rows = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        ++rows;
    }
    sqlite3_finalize(statement);
    return rows;
}

sqlite3* openCache(const std::filesystem::path& file, bool encrypted)
{
    std::filesystem::remove(file);
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
        throw std::runtime_error("cache bench: cannot open " + file.string());
    }
    if (encrypted) {
        const std::string key = "x'" + std::string(64, 'a') + "'";
        sqlite3_key(db, key.data(), static_cast<int>(key.size()));
        exec(db, "PRAGMA cipher_page_size = 4096");
    } else {
        exec(db, "PRAGMA page_size = 4096"); // the same pages on both sides
    }
    exec(db,
         "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
         "PRAGMA secure_delete = ON; PRAGMA cache_size = -16384");
    exec(db,
         "CREATE TABLE cached_rows (table_name TEXT NOT NULL, row_id TEXT NOT NULL, case_id TEXT NOT NULL, "
         "version INTEGER NOT NULL, change_seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (table_name, "
         "row_id)); CREATE INDEX cached_rows_case ON cached_rows (case_id, table_name); "
         "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry_id TEXT NOT NULL UNIQUE, table_name "
         "TEXT NOT NULL, row_id TEXT NOT NULL, base_version INTEGER NOT NULL, changed TEXT NOT NULL, queued_at "
         "TEXT NOT NULL)");
    exec(db, "BEGIN");
    for (int c = 0; c < kCases; ++c) {
        for (int r = 0; r < kRowsPerCase; ++r) {
            run(db,
                "INSERT INTO cached_rows VALUES ('products', ?1, ?2, 1, 1, ?3)",
                {std::to_string(c * kRowsPerCase + r),
                 "CASE" + std::to_string(c),
                 R"({"name": "Space heater )" + std::to_string(c) + R"(", "brand": "Warmly", "model": "WH-)"
                     + std::to_string(r) + R"(", "style": "tower", "notes": ")" + std::string(300, 'n') + "\"}"});
        }
    }
    exec(db, "COMMIT");
    return db;
}

// Open a case, search, save an edit: the workload of a person working offline.
void workload(sqlite3* db, int i)
{
    const std::string caseId = "CASE" + std::to_string((i * 7919) % kCases);
    run(db, "SELECT data FROM cached_rows WHERE case_id = ?1", {caseId});
    run(db, "SELECT case_id FROM cached_rows WHERE data LIKE ?1 LIMIT 50", {"%WH-" + std::to_string(i % 10) + "%"});
    exec(db, "BEGIN IMMEDIATE");
    const std::string row = std::to_string(((i * 7919) % kCases) * kRowsPerCase);
    run(db,
        "UPDATE cached_rows SET data = ?2, version = version WHERE table_name = 'products' AND row_id = ?1",
        {row, R"({"model": "edited )" + std::to_string(i) + "\"}"});
    run(db,
        "INSERT INTO outbox (entry_id, table_name, row_id, base_version, changed, queued_at) VALUES (?1, "
        "'products', ?2, 1, '{}', '2026-11-22T00:00:00Z')",
        {"entry-" + std::to_string(i), row});
    exec(db, "COMMIT");
}

double workloadMilliseconds(bool encrypted)
{
    const auto file = std::filesystem::temp_directory_path()
                      / (std::string("cms-cache-bench-") + (encrypted ? "cipher" : "plain") + ".db");
    sqlite3* db = openCache(file, encrypted);
    for (int i = 0; i < 20; ++i) { // the working set into the page cache
        workload(db, i);
    }
    const double median = medianMilliseconds(200, [&, i = 100]() mutable { workload(db, i++); });
    sqlite3_close(db);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(file.string() + suffix);
    }
    return median;
}

const Registration kCipherRatio{{
    "cache_cipher_ratio",
    "cache workload (open a case, search, save with outbox) with SQLCipher / without a key, 20,000 rows, median "
    "of 200",
    1.3,
    "x",
    [] {
        const double plain = workloadMilliseconds(false);
        const double cipher = workloadMilliseconds(true);
        return Measurement{cipher / plain, "x"};
    },
}};

} // namespace

} // namespace cms::bench
