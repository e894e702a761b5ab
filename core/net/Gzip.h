#pragma once

#include "core/common/Result.h"

#include <string>

namespace cms::core::net {

// gzip (RFC 1952) with zlib, for HTTP bodies sent with Content-Encoding: gzip.
class Gzip
{
public:
    [[nodiscard]] static std::string compress(const std::string& data);
    [[nodiscard]] static Result<std::string> decompress(const std::string& data);
};

} // namespace cms::core::net
