#include "core/cache/CacheDatabase.h"

#include "core/storage/Migration.h"

#include <memory>
#include <sqlite3.h>
#include <utility>

namespace cms::core::cache {

namespace {

struct StatementFinalize
{
    void operator()(sqlite3_stmt* statement) const
    {
        sqlite3_finalize(statement);
    }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

// The raw-key form SQLCipher takes (x'<64 hex digits>'), built in a wiping buffer.
SecureBuffer rawKeyText(const SecureBuffer& key)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    SecureBuffer text;
    text.append("x'");
    for (const char c : key.view()) {
        const auto byte = static_cast<unsigned char>(c);
        text.append(kDigits[byte >> 4]);
        text.append(kDigits[byte & 0x0f]);
    }
    text.append("'");
    return text;
}

} // namespace

CacheDatabase::CacheDatabase(sqlite3* handle)
    : m_handle(handle)
{}

CacheDatabase::CacheDatabase(CacheDatabase&& other) noexcept
    : m_handle(std::exchange(other.m_handle, nullptr))
{}

CacheDatabase& CacheDatabase::operator=(CacheDatabase&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_handle);
        m_handle = std::exchange(other.m_handle, nullptr);
    }
    return *this;
}

CacheDatabase::~CacheDatabase()
{
    sqlite3_close_v2(m_handle);
}

Result<CacheDatabase> CacheDatabase::open(const std::filesystem::path& file, const SecureBuffer& key)
{
    if (key.size() != 32) {
        return fail(ErrorCode::InvalidArgument, "A cache key has 32 bytes.");
    }
    sqlite3* handle = nullptr;
    const int opened = sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    CacheDatabase database(handle);
    if (opened != SQLITE_OK) {
        return std::unexpected(database.errorOf("The offline cache " + file.string() + " cannot be opened."));
    }
    const auto keyText = rawKeyText(key);
    if (sqlite3_key(handle, keyText.c_str(), static_cast<int>(keyText.size())) != SQLITE_OK) {
        return std::unexpected(database.errorOf("The offline cache cannot take its key."));
    }
    // Without SQLCipher serving this process the key was ignored: nothing may be written.
    auto cipher = database.queryValue("PRAGMA cipher_version");
    if (!cipher || !*cipher) {
        return fail(ErrorCode::Internal,
                    "The offline cache is not encrypted in this build (SQLCipher is not the SQLite in use): it "
                    "stays closed.",
                    "PRAGMA cipher_version returned no row");
    }
    if (auto pageSize = database.execScript("PRAGMA cipher_page_size = 4096"); !pageSize) {
        return std::unexpected(pageSize.error());
    }
    // A wrong key shows at the first read.
    if (auto readable = database.queryValue("SELECT count(*) FROM sqlite_master"); !readable) {
        return fail(ErrorCode::TokenFailure,
                    "The offline cache cannot be read with this key: it belongs to another card or is damaged.",
                    readable.error().detail);
    }
    auto journal = database.queryValue("PRAGMA journal_mode = WAL");
    if (!journal || journal->value_or("") != "wal") {
        return fail(ErrorCode::Io, "The offline cache cannot use its write-ahead log.");
    }
    if (auto pragmas = database.execScript("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                                           "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; "
                                           "PRAGMA cache_size = -16384");
        !pragmas) {
        return std::unexpected(pragmas.error());
    }
    return database;
}

Error CacheDatabase::errorOf(const std::string& message) const
{
    return {ErrorCode::Database, message, std::string("SQLite: ") + sqlite3_errmsg(m_handle)};
}

Result<void> CacheDatabase::execScript(std::string_view sql) const
{
    const std::string text(sql);
    if (sqlite3_exec(m_handle, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return std::unexpected(errorOf("The offline cache refused a change."));
    }
    return {};
}

Result<std::vector<CacheRow>> CacheDatabase::query(std::string_view sql, const std::vector<CacheValue>& params) const
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_handle, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
        return std::unexpected(errorOf("The offline cache cannot read or write this."));
    }
    Statement statement(raw);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        const int bound = params[i] ? sqlite3_bind_text(
                              raw, index, params[i]->data(), static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                                    : sqlite3_bind_null(raw, index);
        if (bound != SQLITE_OK) {
            return std::unexpected(errorOf("The offline cache cannot take a value."));
        }
    }
    std::vector<CacheRow> rows;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
        CacheRow row;
        const int columns = sqlite3_column_count(raw);
        for (int column = 0; column < columns; ++column) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
            row.push_back(text == nullptr ? CacheValue()
                                          : CacheValue(std::string(text, sqlite3_column_bytes(raw, column))));
        }
        rows.push_back(std::move(row));
    }
    if (step != SQLITE_DONE) {
        return std::unexpected(errorOf("The offline cache could not finish reading or writing."));
    }
    return rows;
}

Result<CacheValue> CacheDatabase::queryValue(std::string_view sql, const std::vector<CacheValue>& params) const
{
    auto rows = query(sql, params);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty() || rows->front().empty()) {
        return CacheValue();
    }
    return rows->front().front();
}

Result<void> CacheDatabase::transaction(const std::function<Result<void>()>& body) const
{
    if (sqlite3_get_autocommit(m_handle) == 0) {
        return body(); // joins the transaction already open
    }
    if (auto begun = execScript("BEGIN IMMEDIATE"); !begun) {
        return begun;
    }
    Result<void> outcome;
    try {
        outcome = body();
    } catch (...) {
        sqlite3_exec(m_handle, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    if (outcome) {
        outcome = execScript("COMMIT");
    }
    if (!outcome) {
        sqlite3_exec(m_handle, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return outcome;
}

int CacheDatabase::schemaVersion() const
{
    const auto version = queryValue("PRAGMA user_version");
    return version && *version ? std::stoi(**version) : 0;
}

Result<void> CacheDatabase::migrate() const
{
    for (const auto& migration : storage::cacheMigrations()) {
        if (migration.version <= schemaVersion()) {
            continue;
        }
        const std::string script = "BEGIN IMMEDIATE; " + std::string(migration.sql)
                                   + "; PRAGMA user_version = " + std::to_string(migration.version) + "; COMMIT;";
        if (sqlite3_exec(m_handle, script.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            auto error = errorOf("The offline cache's schema could not be brought up to date (migration "
                                 + std::to_string(migration.version) + " " + std::string(migration.name) + ").");
            sqlite3_exec(m_handle, "ROLLBACK", nullptr, nullptr, nullptr);
            return std::unexpected(error);
        }
    }
    return {};
}

} // namespace cms::core::cache
