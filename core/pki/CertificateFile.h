#pragma once

#include "core/common/Result.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace cms::core::pki {

// Reads one certificate from a file, PEM or DER, and returns it as DER.
[[nodiscard]] Result<std::vector<std::uint8_t>> readCertificateFile(const std::filesystem::path& path);

} // namespace cms::core::pki
