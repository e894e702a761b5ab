#pragma once

#include "core/common/Result.h"

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace cms {

// Replaces a file's contents so that readers see the old file or the new one, never a part:
// written to a temporary file beside it, flushed to disk, then renamed over it. A crash leaves
// the old file (and at worst a temporary one, which the next replace does not reuse).
class AtomicFile
{
public:
    [[nodiscard]] static Result<void>
    replace(const std::filesystem::path& path, std::string_view contents, mode_t mode = 0644);
};

} // namespace cms
