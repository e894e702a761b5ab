#pragma once

#include <chrono>
#include <string>

namespace cms {

// The time in UTC as ISO 8601 to the second: 2026-11-22T20:45:00Z.
[[nodiscard]] std::string utcIsoTime(std::chrono::system_clock::time_point when);

} // namespace cms
