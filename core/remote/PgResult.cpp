#include "core/remote/PgResult.h"

#include <libpq-fe.h>

namespace cms::core::remote {

PgResult::PgResult(pg_result* result)
    : m_result(result, &PQclear)
{}

int PgResult::status() const
{
    return PQresultStatus(m_result.get());
}

std::string PgResult::errorField(int field) const
{
    const char* value = PQresultErrorField(m_result.get(), field);
    return value != nullptr ? value : "";
}

int PgResult::rows() const
{
    return PQntuples(m_result.get());
}

int PgResult::columns() const
{
    return PQnfields(m_result.get());
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column) == 1;
}

std::string PgResult::text(int row, int column) const
{
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
}

std::optional<std::string> PgResult::optionalText(int row, int column) const
{
    if (isNull(row, column)) {
        return std::nullopt;
    }
    return text(row, column);
}

} // namespace cms::core::remote
