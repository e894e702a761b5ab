#pragma once

#include "core/common/Result.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cms::core::net {

class TlsChannel;

struct HttpReply
{
    unsigned status = 0;
    std::string body;
};

// HTTPS requests to one server (Boost.Beast over OpenSSL): TLS 1.2 or later, the server's
// certificate verified against the given CA file and its name against the host asked for, each
// step bounded by the timeout. The connection is opened at the first request and kept for the
// next (HTTP/1.1 keep-alive) until the server ends it, a request fails, or the client goes: a
// handshake per request would cost more than the request. A request on a kept connection that
// fails before any byte of a reply (the server closed it meanwhile) is sent once more on a new
// connection, so a caller must accept a request that may reach the server twice, as an
// at-least-once delivery does. A failure to connect, to verify or to get a complete reply is an
// error (ServerUnreachable, or CertificateRefused); any HTTP status is a reply.
class HttpsClient
{
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    HttpsClient(std::string host, std::string port, std::filesystem::path caFile, std::chrono::milliseconds timeout);
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;
    ~HttpsClient();

    [[nodiscard]] Result<HttpReply> post(const std::string& target, const Headers& headers, const std::string& body);

private:
    std::string m_host;
    std::string m_port;
    std::filesystem::path m_caFile;
    std::chrono::milliseconds m_timeout;
    std::unique_ptr<TlsChannel> m_channel; // the kept connection, if any
};

} // namespace cms::core::net
