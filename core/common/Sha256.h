#pragma once

#include <string>
#include <string_view>

namespace cms {

// SHA-256 of `data`, as 64 lowercase hexadecimal digits.
[[nodiscard]] std::string sha256Hex(std::string_view data);

} // namespace cms
