#pragma once

#include "core/common/Result.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

struct pg_conn;

namespace cms::core::remote {

class PgConnection;

// One `COPY ... FROM STDIN` in PostgreSQL's text format: rows are buffered and sent in large
// chunks, values are escaped here (tab, newline, backslash), and nullopt is SQL NULL. The bulk
// path of `cmsadmin demo seed` and, later, imports. A COPY left unfinished is cancelled when the
// object goes away, so a failed caller never leaves the connection stuck in COPY mode.
class PgCopyIn
{
public:
    using Value = std::optional<std::string_view>;

    [[nodiscard]] static Result<PgCopyIn> begin(const PgConnection& connection, std::string_view copySql);

    PgCopyIn(PgCopyIn&& other) noexcept;
    PgCopyIn& operator=(PgCopyIn&&) = delete;
    ~PgCopyIn();

    [[nodiscard]] Result<void> row(std::initializer_list<Value> values);
    // Sends what is buffered and ends the COPY; the result is the server's verdict on all rows.
    [[nodiscard]] Result<long long> finish();

private:
    PgCopyIn(const PgConnection& connection, pg_conn* raw);
    [[nodiscard]] Result<void> flush();
    [[nodiscard]] Result<void> failure(std::string_view what) const;

    const PgConnection* m_connection;
    pg_conn* m_raw;
    std::string m_buffer;
    long long m_rows = 0;
    bool m_open = true;
};

} // namespace cms::core::remote
