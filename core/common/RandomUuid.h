#pragma once

#include <string>

namespace cms {

// A random (version 4) UUID in its usual text form, from OpenSSL's generator.
[[nodiscard]] std::string randomUuid();

} // namespace cms
