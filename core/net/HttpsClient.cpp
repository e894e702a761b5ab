#include "core/net/HttpsClient.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

namespace cms::core::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

HttpsClient::HttpsClient(std::string host,
                         std::string port,
                         std::filesystem::path caFile,
                         std::chrono::milliseconds timeout)
    : m_host(std::move(host))
    , m_port(std::move(port))
    , m_caFile(std::move(caFile))
    , m_timeout(timeout)
{}

Result<HttpReply> HttpsClient::post(const std::string& target, const Headers& headers, const std::string& body) const
{
    const auto failed = [&](const char* step, const boost::system::error_code& error) -> Result<HttpReply> {
        return fail(ErrorCode::ServerUnreachable,
                    "https://" + m_host + ":" + m_port + " could not be reached (" + step + ").",
                    error.message());
    };
    ssl::context tls(ssl::context::tls_client);
    tls.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                    | ssl::context::no_tlsv1_1);
    boost::system::error_code error;
    tls.load_verify_file(m_caFile.string(), error);
    if (error) {
        return fail(ErrorCode::Config, "The CA file " + m_caFile.string() + " cannot be read.", error.message());
    }
    tls.set_verify_mode(ssl::verify_peer);
    asio::io_context context;
    beast::ssl_stream<beast::tcp_stream> stream(context, tls);
    // SNI (SSL_set_tlsext_host_name without its macro's C cast).
    if (SSL_ctrl(stream.native_handle(),
                 SSL_CTRL_SET_TLSEXT_HOSTNAME,
                 TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(m_host.c_str()))
        != 1) {
        return fail(ErrorCode::Internal, "The server name could not be set for TLS.");
    }
    stream.set_verify_callback(ssl::host_name_verification(m_host));
    asio::ip::tcp::resolver resolver(context);
    const auto addresses = resolver.resolve(m_host, m_port, error);
    if (error) {
        return failed("name lookup", error);
    }
    beast::get_lowest_layer(stream).expires_after(m_timeout);
    beast::get_lowest_layer(stream).connect(addresses, error);
    if (error) {
        return failed("connect", error);
    }
    beast::get_lowest_layer(stream).expires_after(m_timeout);
    stream.handshake(ssl::stream_base::client, error);
    if (error) {
        return failed("TLS handshake, certificate verification", error);
    }
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, m_host);
    request.set(http::field::user_agent, "cms-audit-forward");
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    request.body() = body;
    request.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(m_timeout);
    http::write(stream, request, error);
    if (error) {
        return failed("send", error);
    }
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::get_lowest_layer(stream).expires_after(m_timeout);
    http::read(stream, buffer, response, error);
    if (error) {
        return failed("reply", error);
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
    stream.shutdown(error); // the reply is complete; a peer that just closes is fine
    return HttpReply{response.result_int(), std::move(response.body())};
}

} // namespace cms::core::net
