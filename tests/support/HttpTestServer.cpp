#include "tests/support/HttpTestServer.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace cms::tests {

namespace asio = boost::asio;
namespace http = boost::beast::http;

struct HttpTestServer::State
{
    asio::io_context context;
    asio::ip::tcp::acceptor acceptor{context, {asio::ip::make_address("127.0.0.1"), 0}};
    std::mutex mutex;
    std::map<std::string, std::pair<unsigned, std::string>> routes;
    std::atomic<bool> stopping = false;
    std::atomic<int> requests = 0;
};

HttpTestServer::HttpTestServer()
    : m_state(std::make_shared<State>())
    , m_thread([this] { run(); })
{}

HttpTestServer::~HttpTestServer()
{
    m_state->stopping = true;
    // Wakes the blocking accept with one last connection.
    boost::system::error_code ignored;
    asio::ip::tcp::socket poke(m_state->context);
    poke.connect(m_state->acceptor.local_endpoint(), ignored);
    m_thread.join();
}

void HttpTestServer::serve(const std::string& path, std::string body, unsigned status)
{
    const std::scoped_lock lock(m_state->mutex);
    m_state->routes[path] = {status, std::move(body)};
}

std::string HttpTestServer::url(const std::string& path) const
{
    return "http://127.0.0.1:" + std::to_string(m_state->acceptor.local_endpoint().port()) + path;
}

int HttpTestServer::requests() const
{
    return m_state->requests;
}

void HttpTestServer::run()
{
    while (!m_state->stopping) {
        boost::system::error_code error;
        asio::ip::tcp::socket socket(m_state->context);
        m_state->acceptor.accept(socket, error);
        if (error || m_state->stopping) {
            continue;
        }
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(socket, buffer, request, error);
        if (error) {
            continue;
        }
        ++m_state->requests;
        http::response<http::string_body> response;
        {
            const std::scoped_lock lock(m_state->mutex);
            const auto route = m_state->routes.find(std::string(request.target()));
            if (route == m_state->routes.end()) {
                response.result(http::status::not_found);
                response.body() = "not found";
            } else {
                response.result(route->second.first);
                response.body() = route->second.second;
            }
        }
        response.version(11);
        response.set(http::field::content_type, "application/pkix-crl");
        response.keep_alive(false);
        response.prepare_payload();
        http::write(socket, response, error);
        socket.shutdown(asio::ip::tcp::socket::shutdown_both, error);
    }
}

} // namespace cms::tests
