#include "core/remote/PgCopyIn.h"

#include "core/remote/PgConnection.h"

#include <libpq-fe.h>

namespace cms::core::remote {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

void appendEscaped(std::string& out, std::string_view value)
{
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

// PostgreSQL names the failing row of a COPY in the error's context and quotes its values
// ("COPY people_pii, line 7, column email: \"...\""): keep where, drop what, since a row may
// hold PII and the detail goes to logs.
Error withoutRowValues(Error error)
{
    if (const auto quoted = error.detail.find(": \""); quoted != std::string::npos) {
        error.detail.erase(quoted);
    }
    return error;
}

} // namespace

PgCopyIn::PgCopyIn(const PgConnection& connection, pg_conn* raw)
    : m_connection(&connection)
    , m_raw(raw)
{
    m_buffer.reserve(kChunkBytes + 4096);
}

PgCopyIn::PgCopyIn(PgCopyIn&& other) noexcept
    : m_connection(other.m_connection)
    , m_raw(other.m_raw)
    , m_buffer(std::move(other.m_buffer))
    , m_rows(other.m_rows)
    , m_open(other.m_open)
{
    other.m_open = false;
}

PgCopyIn::~PgCopyIn()
{
    if (m_open) {
        PQputCopyEnd(m_raw, "abandoned by the client");
        while (PGresult* result = PQgetResult(m_raw)) {
            PQclear(result);
        }
    }
}

Result<PgCopyIn> PgCopyIn::begin(const PgConnection& connection, std::string_view copySql)
{
    pg_conn* raw = connection.raw();
    const std::string sql(copySql);
    PGresult* started = PQexec(raw, sql.c_str());
    const auto status = PQresultStatus(started);
    if (status != PGRES_COPY_IN) {
        auto error = connection.errorOf(PgResult(started));
        return std::unexpected(error);
    }
    PQclear(started);
    return PgCopyIn(connection, raw);
}

Result<void> PgCopyIn::row(std::initializer_list<Value> values)
{
    bool first = true;
    for (const Value& value : values) {
        if (!first) {
            m_buffer += '\t';
        }
        first = false;
        if (value) {
            appendEscaped(m_buffer, *value);
        } else {
            m_buffer += "\\N";
        }
    }
    m_buffer += '\n';
    ++m_rows;
    return m_buffer.size() >= kChunkBytes ? flush() : Result<void>{};
}

Result<void> PgCopyIn::flush()
{
    if (m_buffer.empty()) {
        return {};
    }
    if (PQputCopyData(m_raw, m_buffer.data(), static_cast<int>(m_buffer.size())) != 1) {
        return failure("sending rows");
    }
    m_buffer.clear();
    return {};
}

Result<void> PgCopyIn::failure(std::string_view what) const
{
    return fail(ErrorCode::Database,
                "The server stopped accepting rows while " + std::string(what) + ".",
                PQerrorMessage(m_raw));
}

Result<long long> PgCopyIn::finish()
{
    if (auto sent = flush(); !sent) {
        return std::unexpected(sent.error());
    }
    m_open = false;
    if (PQputCopyEnd(m_raw, nullptr) != 1) {
        return std::unexpected(failure("ending the copy").error());
    }
    Result<long long> outcome = m_rows;
    while (PGresult* result = PQgetResult(m_raw)) {
        PgResult owned(result);
        if (outcome && owned.status() != PGRES_COMMAND_OK) {
            outcome = std::unexpected(withoutRowValues(m_connection->errorOf(owned)));
        }
    }
    return outcome;
}

} // namespace cms::core::remote
