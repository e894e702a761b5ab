#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cms {

// Lowercase hexadecimal, two digits a byte.
[[nodiscard]] std::string toHex(const std::uint8_t* data, std::size_t size);
[[nodiscard]] std::string toHex(const std::vector<std::uint8_t>& bytes);
// The bytes of an even number of hexadecimal digits (either case); nothing if it is not that.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> fromHex(std::string_view text);

} // namespace cms
