#pragma once

#include "core/common/Result.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace cms::core::net {

struct HttpReply
{
    unsigned status = 0;
    std::string body;
};

// HTTPS requests to one server (Boost.Beast over OpenSSL): TLS 1.2 or later, the server's
// certificate verified against the given CA file and its name against the host asked for. One
// connection per request, each step bounded by the timeout. A failure to connect, to verify or
// to get a complete reply is an error (ServerUnreachable); any HTTP status is a reply.
class HttpsClient
{
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    HttpsClient(std::string host, std::string port, std::filesystem::path caFile, std::chrono::milliseconds timeout);

    [[nodiscard]] Result<HttpReply>
    post(const std::string& target, const Headers& headers, const std::string& body) const;

private:
    std::string m_host;
    std::string m_port;
    std::filesystem::path m_caFile;
    std::chrono::milliseconds m_timeout;
};

} // namespace cms::core::net
