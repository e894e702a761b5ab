#pragma once

#include "core/common/Error.h"

#include <expected>
#include <string>

namespace cms {

// Errors are values (STYLE.md): every fallible core function returns a Result.
template <typename T> using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string detail = {})
{
    return std::unexpected(Error{code, std::move(message), std::move(detail)});
}

} // namespace cms
