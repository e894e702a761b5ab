#pragma once

#include "core/common/Error.h"

#include <string_view>

namespace cms::core::remote {

// Turns libpq's connection failure text into an Error whose message names the cause in words a
// user understands (the server's TLS alert, its pg_hba decision, the network). libpq's text
// stays in the detail for the help desk.
[[nodiscard]] Error classifyConnectionError(std::string_view libpqMessage);

} // namespace cms::core::remote
