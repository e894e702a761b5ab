#include "core/net/TlsChannel.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace cms::core::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;

TlsChannel::TlsChannel(const TlsEndpoint& endpoint)
    : m_endpoint(endpoint)
    , m_tls(ssl::context::tls_client)
{}

TlsChannel::~TlsChannel() = default;

Error TlsChannel::failure(const char* step, const boost::system::error_code& error) const
{
    const std::string where = m_endpoint.host + ":" + m_endpoint.port;
    if (error.category() == asio::error::get_ssl_category()
        && ERR_GET_REASON(static_cast<unsigned long>(error.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED) {
        return Error{ErrorCode::CertificateRefused,
                     where + " presented a certificate that " + m_endpoint.caFile.string()
                         + " does not vouch for (or not for that name): nothing was sent.",
                     error.message()};
    }
    return Error{ErrorCode::ServerUnreachable, where + " could not be reached (" + step + ").", error.message()};
}

Result<std::unique_ptr<TlsChannel>> TlsChannel::open(const TlsEndpoint& endpoint)
{
    std::unique_ptr<TlsChannel> channel(new TlsChannel(endpoint));
    auto& tls = channel->m_tls;
    tls.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                    | ssl::context::no_tlsv1_1);
    boost::system::error_code error;
    tls.load_verify_file(endpoint.caFile.string(), error);
    if (error) {
        return fail(ErrorCode::Config, "The CA file " + endpoint.caFile.string() + " cannot be read.", error.message());
    }
    if (!endpoint.clientCertificate.empty()) {
        tls.use_certificate_chain_file(endpoint.clientCertificate.string(), error);
        if (!error) {
            tls.use_private_key_file(endpoint.clientKey.string(), ssl::context::pem, error);
        }
        if (error) {
            return fail(ErrorCode::Config,
                        "The client certificate " + endpoint.clientCertificate.string() + " or its key "
                            + endpoint.clientKey.string() + " cannot be used.",
                        error.message());
        }
    }
    tls.set_verify_mode(ssl::verify_peer);
    channel->m_stream = std::make_unique<Stream>(channel->m_context, tls);
    auto& stream = *channel->m_stream;
    // SNI (SSL_set_tlsext_host_name without its macro's C cast).
    if (SSL_ctrl(stream.native_handle(),
                 SSL_CTRL_SET_TLSEXT_HOSTNAME,
                 TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(endpoint.host.c_str()))
        != 1) {
        return fail(ErrorCode::Internal, "The server name could not be set for TLS.");
    }
    stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
    asio::ip::tcp::resolver resolver(channel->m_context);
    const auto addresses = resolver.resolve(endpoint.host, endpoint.port, error);
    if (error) {
        return std::unexpected(channel->failure("name lookup", error));
    }
    error = channel->step([&](auto done) { beast::get_lowest_layer(stream).async_connect(addresses, done); });
    if (error) {
        return std::unexpected(channel->failure("connect", error));
    }
    // Each message goes out whole at once (an HTTP request's header and body are separate TLS
    // records): without this, Nagle's algorithm holds the last segment for the receiver's delayed
    // acknowledgment, 40 ms a request on Linux.
    beast::get_lowest_layer(stream).socket().set_option(asio::ip::tcp::no_delay(true), error);
    if (error) {
        return std::unexpected(channel->failure("connect", error));
    }
    error = channel->step([&](auto done) { stream.async_handshake(ssl::stream_base::client, done); });
    if (error) {
        return std::unexpected(channel->failure("TLS handshake, certificate verification", error));
    }
    return channel;
}

Result<void> TlsChannel::writeAll(std::string_view bytes)
{
    const auto error =
        step([&](auto done) { asio::async_write(*m_stream, asio::buffer(bytes.data(), bytes.size()), done); });
    if (error) {
        return std::unexpected(failure("send", error));
    }
    return {};
}

Result<void> TlsChannel::closeConfirmed()
{
    // SSL shutdown sends close_notify and reads until the server's close_notify. rsyslog (GnuTLS)
    // never sends one: it closes the connection once it reads ours, which it reaches only after
    // everything before it. A server that closes with our data still unread in its socket makes
    // the kernel reset the connection instead: that, a timeout, or anything else is an error.
    const auto error = step([&](auto done) { m_stream->async_shutdown(done); });
    if (error && error != ssl::error::stream_truncated && error != asio::error::eof) {
        return std::unexpected(failure("close, the server's confirmation", error));
    }
    return {};
}

void TlsChannel::closeQuietly()
{
    m_endpoint.timeout = std::min(m_endpoint.timeout, std::chrono::milliseconds(1000));
    (void)step([&](auto done) { m_stream->async_shutdown(done); }); // a peer that just closes is fine
}

} // namespace cms::core::net
