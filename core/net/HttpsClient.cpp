#include "core/net/HttpsClient.h"

#include "core/net/TlsChannel.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cms::core::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// One request and its reply on an open channel.
struct Exchange
{
    boost::system::error_code error;
    const char* step = "send";
    bool replyBegun = false; // some of a reply arrived: the server took the request
    http::response<http::string_body> response;
};

Exchange roundTrip(TlsChannel& channel, const http::request<http::string_body>& request)
{
    Exchange result;
    auto& stream = channel.stream();
    result.error = channel.step([&](auto done) { http::async_write(stream, request, done); });
    if (result.error) {
        return result;
    }
    result.step = "reply";
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    result.error = channel.step([&](auto done) { http::async_read(stream, buffer, parser, done); });
    result.replyBegun = parser.got_some();
    if (!result.error) {
        result.response = parser.release();
    }
    return result;
}

} // namespace

HttpsClient::HttpsClient(std::string host,
                         std::string port,
                         std::filesystem::path caFile,
                         std::chrono::milliseconds timeout)
    : m_host(std::move(host))
    , m_port(std::move(port))
    , m_caFile(std::move(caFile))
    , m_timeout(timeout)
{}

HttpsClient::~HttpsClient()
{
    if (m_channel) {
        m_channel->closeQuietly();
    }
}

Result<HttpReply> HttpsClient::post(const std::string& target, const Headers& headers, const std::string& body)
{
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, m_host);
    request.set(http::field::user_agent, "cms-audit-forward");
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();
    const auto connect = [this]() -> Result<void> {
        auto opened = TlsChannel::open(TlsEndpoint{m_host, m_port, m_caFile, {}, {}, m_timeout});
        if (!opened) {
            return std::unexpected(opened.error());
        }
        m_channel = std::move(*opened);
        return {};
    };
    const bool kept = m_channel != nullptr;
    if (!kept) {
        if (auto connected = connect(); !connected) {
            return std::unexpected(connected.error());
        }
    }
    auto result = roundTrip(*m_channel, request);
    if (result.error && kept && !result.replyBegun) {
        // The server closed the kept connection meanwhile: once more on a new one.
        m_channel.reset();
        if (auto connected = connect(); !connected) {
            return std::unexpected(connected.error());
        }
        result = roundTrip(*m_channel, request);
    }
    if (result.error) {
        const auto failed = m_channel->failure(result.step, result.error);
        m_channel.reset(); // in an unknown state: never reused
        return std::unexpected(failed);
    }
    if (!result.response.keep_alive()) {
        m_channel->closeQuietly();
        m_channel.reset();
    }
    return HttpReply{result.response.result_int(), std::move(result.response.body())};
}

} // namespace cms::core::net
