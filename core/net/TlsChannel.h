#pragma once

#include "core/common/Result.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace cms::core::net {

// Where a TLS client connects and how it proves who it talks to.
struct TlsEndpoint
{
    std::string host;
    std::string port;
    std::filesystem::path caFile;            // verifies the server's certificate chain
    std::filesystem::path clientCertificate; // optional: mutual TLS (with clientKey)
    std::filesystem::path clientKey;
    std::chrono::milliseconds timeout{10'000}; // bounds each step
};

// One TLS 1.2+ client connection (Boost.Asio over OpenSSL): the server's certificate verified
// against the CA file and its name (or IP address) against the host asked for, SNI sent. Each
// step is bounded by the endpoint's timeout. A certificate the CA file does not vouch for is
// CertificateRefused (retrying cannot mend it); any other failure to reach the server is
// ServerUnreachable.
class TlsChannel
{
public:
    using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

    [[nodiscard]] static Result<std::unique_ptr<TlsChannel>> open(const TlsEndpoint& endpoint);

    TlsChannel(const TlsChannel&) = delete;
    TlsChannel& operator=(const TlsChannel&) = delete;
    ~TlsChannel();

    // The stream, with the step's deadline set (for Beast's HTTP reads and writes).
    [[nodiscard]] Stream& stream();
    [[nodiscard]] Result<void> writeAll(std::string_view bytes);
    // Sends TLS close_notify and waits until the server closes too: the server has then read
    // everything written before (a stream protocol with no acknowledgment of its own, such as
    // syslog over TLS, learns no more than that). An error if the server does not close in time.
    [[nodiscard]] Result<void> closeConfirmed();
    // Closes without waiting (the reply is already complete).
    void closeQuietly();

    [[nodiscard]] Error failure(const char* step, const boost::system::error_code& error) const;

private:
    explicit TlsChannel(const TlsEndpoint& endpoint);

    TlsEndpoint m_endpoint;
    boost::asio::io_context m_context;
    boost::asio::ssl::context m_tls;
    std::unique_ptr<Stream> m_stream;
};

} // namespace cms::core::net
