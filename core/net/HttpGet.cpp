#include "core/net/HttpGet.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <regex>

namespace cms::core::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Url
{
    std::string host;
    std::string port;
    std::string target;
};

Result<Url> parseUrl(const std::string& url)
{
    static const std::regex shape(R"(^http://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?(/[^\s#]*)?$)");
    std::smatch parts;
    if (!std::regex_match(url, parts, shape)) {
        return fail(ErrorCode::Config,
                    "\"" + url + "\" is not an http:// address (only plain HTTP is used for revocation lists).");
    }
    std::string host = parts[1];
    if (host.starts_with('[')) {
        host = host.substr(1, host.size() - 2);
    }
    return Url{host, parts[2].matched ? parts[2].str() : "80", parts[3].matched ? parts[3].str() : "/"};
}

asio::awaitable<std::string>
exchange(const Url& url, std::chrono::milliseconds timeout, std::size_t maxBytes, unsigned& status)
{
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout); // one deadline for the whole exchange
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    http::request<http::empty_body> request{http::verb::get, url.target, 11};
    request.set(http::field::host, url.host);
    request.set(http::field::user_agent, "cms-crl-refresh");
    request.set(http::field::connection, "close");
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(maxBytes);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    status = parser.get().result_int();
    co_return parser.release().body();
}

} // namespace

Result<std::string> HttpGet::fetch(const std::string& url, std::chrono::milliseconds timeout, std::size_t maxBytes)
{
    auto parsed = parseUrl(url);
    if (!parsed) {
        return std::unexpected(parsed.error());
    }
    asio::io_context context;
    std::string body;
    unsigned status = 0;
    std::exception_ptr failure;
    asio::co_spawn(
        context, exchange(*parsed, timeout, maxBytes, status), [&](std::exception_ptr error, std::string received) {
            failure = error;
            body = std::move(received);
        });
    context.run();
    if (failure) {
        std::string reason = "unknown error";
        try {
            std::rethrow_exception(failure);
        } catch (const boost::system::system_error& error) {
            reason = error.code() == beast::error::timeout ? "no answer in time" : error.code().message();
        } catch (const std::exception& error) {
            reason = error.what();
        }
        return fail(ErrorCode::ServerUnreachable, url + " could not be read: " + reason + ".");
    }
    if (status != 200) {
        return fail(ErrorCode::ServerUnreachable, url + " answered HTTP " + std::to_string(status) + ".");
    }
    return body;
}

} // namespace cms::core::net
