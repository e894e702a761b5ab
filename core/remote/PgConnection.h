#pragma once

#include "core/common/Result.h"
#include "core/remote/PgResult.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace cms::core::remote {

using PgParams = std::vector<std::optional<std::string>>;

// One libpq connection. Statements always take bound parameters; no value is ever spliced into
// SQL text.
class PgConnection
{
public:
    // Opens a connection from libpq keywords; the error is classified for the user
    // (ConnectionErrors) and keeps libpq's own text as detail.
    [[nodiscard]] static Result<PgConnection> open(const std::map<std::string, std::string>& keywords);
    // From a libpq connection string (an operator's local connection, e.g. over the socket).
    [[nodiscard]] static Result<PgConnection> openConnInfo(const std::string& conninfo);

    [[nodiscard]] Result<PgResult> exec(std::string_view sql, const PgParams& params = {}) const;
    // Several statements in one string, without parameters: for migration files only.
    [[nodiscard]] Result<void> execScript(std::string_view sql) const;
    // A query sent without waiting for its rows: the server works on it while the caller does
    // something else, then `receive` waits for them. One at a time: nothing else may be sent on
    // the connection until `receive` has taken its answer.
    [[nodiscard]] Result<void> send(std::string_view sql, const PgParams& params = {}) const;
    [[nodiscard]] Result<PgResult> receive() const;
    [[nodiscard]] Result<std::optional<std::string>> queryValue(std::string_view sql,
                                                                const PgParams& params = {}) const;
    // Runs body between `begin` (e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") and
    // COMMIT; an error from body, a failed COMMIT or an exception rolls back.
    [[nodiscard]] Result<void> transaction(const std::function<Result<void>()>& body,
                                           std::string_view begin = "BEGIN") const;
    // LISTEN on a channel; its name is quoted by libpq, so any text is safe.
    [[nodiscard]] Result<void> listen(const std::string& channel) const;
    [[nodiscard]] Result<void> unlisten(const std::string& channel) const;
    // The channels other sessions notified since the last call (reads what the server sent,
    // without waiting).
    [[nodiscard]] Result<std::vector<std::string>> takeNotifications() const;
    [[nodiscard]] std::string currentUser() const;
    [[nodiscard]] bool usesTls() const;
    [[nodiscard]] std::string tlsVersion() const;

private:
    friend class PgCopyIn;

    explicit PgConnection(pg_conn* connection);
    [[nodiscard]] pg_conn* raw() const;
    // The server's refusal in a result that failed, in words, with SQLSTATE and context as detail.
    [[nodiscard]] Error errorOf(const PgResult& result) const;
    [[nodiscard]] static Result<PgConnection> established(PgConnection connection);
    [[nodiscard]] Result<PgResult> checked(PgResult result) const;

    std::unique_ptr<pg_conn, void (*)(pg_conn*)> m_connection;
};

} // namespace cms::core::remote
