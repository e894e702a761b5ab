#pragma once

#include <string>
#include <vector>

namespace cms::core::remote {

// A PostgreSQL text[] literal of the values, each element quoted (bound as one parameter and
// cast by the statement: `$1::text[]`).
[[nodiscard]] std::string pgTextArray(const std::vector<std::string>& values);

} // namespace cms::core::remote
