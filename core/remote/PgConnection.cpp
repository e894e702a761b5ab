#include "core/remote/PgConnection.h"

#include "core/remote/ConnectionErrors.h"

#include <libpq-fe.h>

namespace cms::core::remote {

PgConnection::PgConnection(pg_conn* connection)
    : m_connection(connection, &PQfinish)
{}

Result<PgConnection> PgConnection::open(const std::map<std::string, std::string>& keywords)
{
    std::vector<const char*> names;
    std::vector<const char*> values;
    for (const auto& [name, value] : keywords) {
        names.push_back(name.c_str());
        values.push_back(value.c_str());
    }
    names.push_back(nullptr);
    values.push_back(nullptr);
    return established(PgConnection(PQconnectdbParams(names.data(), values.data(), 0)));
}

Result<PgConnection> PgConnection::established(PgConnection connection)
{
    PGconn* raw = connection.m_connection.get();
    // libpq prints server notices (NOTICE, WARNING) to stderr by default; a library must not
    // write to the user's terminal, and errors reach the caller as values anyway.
    PQsetNoticeProcessor(
        raw, [](void*, const char*) {}, nullptr);
    if (raw == nullptr) {
        return fail(ErrorCode::Internal, "Out of memory while connecting to the server.");
    }
    if (PQstatus(raw) != CONNECTION_OK) {
        return std::unexpected(classifyConnectionError(PQerrorMessage(raw)));
    }
    return connection;
}

Result<PgConnection> PgConnection::openConnInfo(const std::string& conninfo)
{
    return established(PgConnection(PQconnectdb(conninfo.c_str())));
}

Result<void> PgConnection::execScript(std::string_view sql) const
{
    const std::string script(sql);
    PgResult result(PQexec(m_connection.get(), script.c_str()));
    if (auto ok = checked(std::move(result)); !ok) {
        return std::unexpected(ok.error());
    }
    return {};
}

Result<PgResult> PgConnection::checked(PgResult result) const
{
    const auto status = static_cast<ExecStatusType>(result.status());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        return result;
    }
    return std::unexpected(errorOf(result));
}

Error PgConnection::errorOf(const PgResult& result) const
{
    if (result.errorField(PG_DIAG_SQLSTATE).empty() && PQstatus(m_connection.get()) != CONNECTION_OK) {
        return classifyConnectionError(PQerrorMessage(m_connection.get()));
    }
    const std::string primary = result.errorField(PG_DIAG_MESSAGE_PRIMARY);
    std::string detail = "SQLSTATE " + result.errorField(PG_DIAG_SQLSTATE);
    if (const std::string context = result.errorField(PG_DIAG_CONTEXT); !context.empty()) {
        detail += "; " + context;
    }
    return Error{ErrorCode::Database, primary.empty() ? "The server refused the request." : primary, detail};
}

pg_conn* PgConnection::raw() const
{
    return m_connection.get();
}

Result<void> PgConnection::transaction(const std::function<Result<void>()>& body, std::string_view begin) const
{
    if (auto begun = execScript(begin); !begun) {
        return begun;
    }
    Result<void> outcome;
    try {
        outcome = body();
    } catch (...) {
        (void)execScript("ROLLBACK");
        throw;
    }
    if (outcome) {
        outcome = execScript("COMMIT");
    }
    if (!outcome) {
        (void)execScript("ROLLBACK");
    }
    return outcome;
}

Result<PgResult> PgConnection::exec(std::string_view sql, const PgParams& params) const
{
    if (auto sent = send(sql, params); !sent) {
        return std::unexpected(sent.error());
    }
    return receive();
}

Result<void> PgConnection::send(std::string_view sql, const PgParams& params) const
{
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param ? param->c_str() : nullptr); // null: SQL NULL
    }
    const std::string statement(sql);
    if (PQsendQueryParams(m_connection.get(),
                          statement.c_str(),
                          static_cast<int>(values.size()),
                          nullptr,
                          values.data(),
                          nullptr,
                          nullptr,
                          0)
        == 1) {
        return {};
    }
    if (PQstatus(m_connection.get()) != CONNECTION_OK) {
        return std::unexpected(classifyConnectionError(PQerrorMessage(m_connection.get())));
    }
    return fail(ErrorCode::Database, "The query could not be sent.", PQerrorMessage(m_connection.get()));
}

Result<PgResult> PgConnection::receive() const
{
    PgResult first(PQgetResult(m_connection.get()));
    // A query gives one result; libpq ends each with a null one, taken here.
    while (pg_result* more = PQgetResult(m_connection.get())) {
        PQclear(more);
    }
    return checked(std::move(first));
}

Result<void> PgConnection::listen(const std::string& channel) const
{
    std::unique_ptr<char, decltype(&PQfreemem)> quoted(
        PQescapeIdentifier(m_connection.get(), channel.c_str(), channel.size()), &PQfreemem);
    if (!quoted) {
        return fail(ErrorCode::Database, "The channel name cannot be used.", PQerrorMessage(m_connection.get()));
    }
    return execScript(std::string("LISTEN ") + quoted.get());
}

Result<void> PgConnection::unlisten(const std::string& channel) const
{
    std::unique_ptr<char, decltype(&PQfreemem)> quoted(
        PQescapeIdentifier(m_connection.get(), channel.c_str(), channel.size()), &PQfreemem);
    if (!quoted) {
        return fail(ErrorCode::Database, "The channel name cannot be used.", PQerrorMessage(m_connection.get()));
    }
    return execScript(std::string("UNLISTEN ") + quoted.get());
}

Result<std::vector<std::string>> PgConnection::takeNotifications() const
{
    if (PQconsumeInput(m_connection.get()) != 1) {
        return fail(
            ErrorCode::ServerUnreachable, "The connection to the server was lost.", PQerrorMessage(m_connection.get()));
    }
    std::vector<std::string> channels;
    const int self = PQbackendPID(m_connection.get());
    while (PGnotify* notification = PQnotifies(m_connection.get())) {
        if (notification->be_pid != self) { // this session's own changes are known here already
            channels.emplace_back(notification->relname);
        }
        PQfreemem(notification);
    }
    return channels;
}

Result<std::optional<std::string>> PgConnection::queryValue(std::string_view sql, const PgParams& params) const
{
    auto result = exec(sql, params);
    if (!result) {
        return std::unexpected(result.error());
    }
    if (result->rows() == 0 || result->columns() == 0) {
        return std::optional<std::string>{};
    }
    return result->optionalText(0, 0);
}

std::string PgConnection::currentUser() const
{
    return PQuser(m_connection.get());
}

bool PgConnection::usesTls() const
{
    return PQsslInUse(m_connection.get()) == 1;
}

std::string PgConnection::tlsVersion() const
{
    const char* version = PQsslAttribute(m_connection.get(), "protocol");
    return version != nullptr ? version : "";
}

} // namespace cms::core::remote
