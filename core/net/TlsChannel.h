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

    // Runs one asynchronous operation on the channel until it completes or the endpoint's timeout
    // cancels it (Beast's stream timeouts apply to asynchronous operations only): `start` is
    // given the completion handler to pass to the operation.
    template <typename Start> [[nodiscard]] boost::system::error_code step(Start&& start)
    {
        boost::beast::get_lowest_layer(*m_stream).expires_after(m_endpoint.timeout);
        boost::system::error_code result = boost::asio::error::would_block;
        start([&result](const boost::system::error_code& error, auto&&...) { result = error; });
        m_context.restart();
        m_context.run();
        return result;
    }
    [[nodiscard]] Stream& stream()
    {
        return *m_stream;
    }
    [[nodiscard]] Result<void> writeAll(std::string_view bytes);
    // Sends TLS close_notify and waits until the server closes too (its own close_notify, or the
    // end of the connection): the server has then read everything written before (a stream
    // protocol with no acknowledgment of its own, such as syslog over TLS, learns no more than
    // that). A reset connection (the server closed with our data unread) or no answer in time is
    // an error.
    [[nodiscard]] Result<void> closeConfirmed();
    // Closes without waiting long (the reply is already complete).
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
