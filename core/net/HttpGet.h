#pragma once

#include "core/common/Result.h"

#include <chrono>
#include <cstddef>
#include <string>

namespace cms::core::net {

// One plain HTTP/1.1 GET, for what is signed and public by nature (a CRL distribution point);
// nothing secret or personal ever goes this way. Only http:// URLs: a CRL served over TLS would
// need a CRL to check that TLS. The whole exchange is bounded by `timeout`, and the body by
// `maxBytes`. A status other than 200 is an error that names it.
class HttpGet
{
public:
    [[nodiscard]] static Result<std::string>
    fetch(const std::string& url, std::chrono::milliseconds timeout, std::size_t maxBytes);
};

} // namespace cms::core::net
