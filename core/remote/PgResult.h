#pragma once

#include <memory>
#include <optional>
#include <string>

struct pg_result;

namespace cms::core::remote {

// The rows of one statement; owns the libpq result.
class PgResult
{
public:
    explicit PgResult(pg_result* result);

    // libpq's ExecStatusType, and one of its PG_DIAG_* error fields ("" when absent).
    [[nodiscard]] int status() const;
    [[nodiscard]] std::string errorField(int field) const;
    [[nodiscard]] int rows() const;
    [[nodiscard]] int columns() const;
    [[nodiscard]] bool isNull(int row, int column) const;
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] std::optional<std::string> optionalText(int row, int column) const;

private:
    std::shared_ptr<pg_result> m_result;
};

} // namespace cms::core::remote
