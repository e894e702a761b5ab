#include "core/net/HttpsClient.h"

#include "core/net/TlsChannel.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cms::core::net {

namespace beast = boost::beast;
namespace http = beast::http;

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
    auto channel = TlsChannel::open(TlsEndpoint{m_host, m_port, m_caFile, {}, {}, m_timeout});
    if (!channel) {
        return std::unexpected(channel.error());
    }
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, m_host);
    request.set(http::field::user_agent, "cms-audit-forward");
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    request.body() = body;
    request.prepare_payload();
    auto& stream = (*channel)->stream();
    auto error = (*channel)->step([&](auto done) { http::async_write(stream, request, done); });
    if (error) {
        return std::unexpected((*channel)->failure("send", error));
    }
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    error = (*channel)->step([&](auto done) { http::async_read(stream, buffer, response, done); });
    if (error) {
        return std::unexpected((*channel)->failure("reply", error));
    }
    (*channel)->closeQuietly();
    return HttpReply{response.result_int(), std::move(response.body())};
}

} // namespace cms::core::net
