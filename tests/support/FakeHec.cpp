#include "tests/support/FakeHec.h"

#include "core/net/Gzip.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <sys/socket.h>

namespace cms::tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace ssl = asio::ssl;

namespace {

enum class Fault
{
    None,
    Busy,
    DropReply,
    DieMidBatch,
    LoseAck,
};

using Response = http::response<http::string_body>;

Response answer(unsigned status, const json::object& body)
{
    Response response(static_cast<http::status>(status), 11);
    response.set(http::field::content_type, "application/json");
    response.body() = json::serialize(body);
    response.prepare_payload();
    return response;
}

} // namespace

struct FakeHec::State
{
    std::string token;
    asio::io_context context;
    ssl::context tls{ssl::context::tls_server};
    asio::ip::tcp::acceptor acceptor{context, {asio::ip::make_address("127.0.0.1"), 0}};
    std::atomic<bool> stopping = false;
    mutable std::mutex mutex;
    double faultProbability = 0;
    std::mt19937 random{1};
    std::string marker;
    std::map<long long, int> indexed;
    std::map<long long, std::string> events;
    std::map<long long, bool> acks;
    long long nextAck = 1;
    int downFor = 0; // connections to cut at once: the indexer died and is coming back
    int faultsServed = 0;
    int connections = 0; // accepted and served
    int serving = -1;    // the socket of the connection being served, to cut it when stopping
    std::atomic<bool> forgetConnections = false;

    Fault drawFault()
    {
        if (faultProbability <= 0 || std::uniform_real_distribution<double>(0, 1)(random) >= faultProbability) {
            return Fault::None;
        }
        ++faultsServed;
        return static_cast<Fault>(std::uniform_int_distribution<int>(1, 4)(random));
    }

    // Serves the requests of one connection for as long as the client keeps it (HTTP/1.1
    // keep-alive), or, with `forgetConnections`, closes it after each reply without saying so, as
    // an indexer does with a connection idle too long.
    void serve(beast::ssl_stream<asio::ip::tcp::socket>& stream)
    {
        boost::system::error_code error;
        stream.handshake(ssl::stream_base::server, error);
        beast::flat_buffer buffer;
        while (!error && !stopping) {
            http::request<http::string_body> request;
            http::read(stream, buffer, request, error);
            if (error) {
                return; // the client closed the connection, or the fake is stopping
            }
            std::optional<Response> response;
            {
                const std::scoped_lock lock(mutex);
                response = respond(request);
            }
            if (!response) {
                beast::get_lowest_layer(stream).close(error); // cut: no reply, no TLS close
                return;
            }
            response->keep_alive(request.keep_alive());
            http::write(stream, *response, error);
            if (!error && !request.keep_alive()) {
                stream.shutdown(error);
                return;
            }
            if (forgetConnections) {
                beast::get_lowest_layer(stream).close(error);
                return;
            }
        }
    }

    std::optional<Response> respond(const http::request<http::string_body>& request)
    {
        const std::string target(request.target());
        if (request.method() != http::verb::post) {
            return answer(405, {{"text", "Method not allowed"}, {"code", 0}});
        }
        if (target == "/services/collector/event") {
            return post(request);
        }
        if (target.starts_with("/services/collector/ack")) {
            return ack(request);
        }
        return answer(404, {{"text", "Not found"}, {"code", 404}});
    }

    // Indexes the events of one post (under the lock); returns the reply, or nothing to cut the
    // connection without one.
    std::optional<Response> post(const http::request<http::string_body>& request)
    {
        if (request[http::field::authorization] != "Splunk " + token) {
            return request[http::field::authorization].empty()
                       ? answer(401, {{"text", "Token is required"}, {"code", 2}})
                       : answer(403, {{"text", "Invalid token"}, {"code", 4}});
        }
        const std::string channel(request["X-Splunk-Request-Channel"]);
        if (channel.empty()) {
            return answer(400, {{"text", "Data channel is missing"}, {"code", 10}});
        }
        const auto fault = drawFault();
        if (fault == Fault::Busy) {
            return answer(503, {{"text", "Server is busy"}, {"code", 9}});
        }
        std::string body = request.body();
        if (request[http::field::content_encoding] == "gzip") {
            auto plain = core::net::Gzip::decompress(body);
            if (!plain) {
                return answer(400, {{"text", "Invalid data format"}, {"code", 6}, {"invalid-event-number", 0}});
            }
            body = std::move(*plain);
        }
        std::vector<std::pair<long long, std::string>> batch;
        std::istringstream lines(body);
        int number = 0;
        for (std::string line; std::getline(lines, line); ++number) {
            json::error_code failed;
            const auto value = json::parse(line, failed);
            const bool valid = !failed && value.is_object() && value.as_object().contains("time")
                               && value.as_object().contains("event") && value.at("event").is_object()
                               && value.at("event").as_object().contains("id");
            if (!valid || (!marker.empty() && line.find(marker) != std::string::npos)) {
                // As HEC: the events before the invalid one may be indexed already.
                for (const auto& [id, event] : batch) {
                    ++indexed[id];
                    events[id] = event;
                }
                return answer(400, {{"text", "Invalid data format"}, {"code", 6}, {"invalid-event-number", number}});
            }
            batch.emplace_back(value.at("event").at("id").as_int64(), line);
        }
        if (batch.empty()) {
            return answer(400, {{"text", "No data"}, {"code", 5}});
        }
        const auto kept = fault == Fault::DieMidBatch ? batch.size() / 2 : batch.size();
        for (std::size_t i = 0; i < kept; ++i) {
            ++indexed[batch[i].first];
            events[batch[i].first] = batch[i].second;
        }
        if (fault == Fault::DieMidBatch) {
            downFor = 3;
            return std::nullopt;
        }
        if (fault == Fault::DropReply) {
            return std::nullopt;
        }
        const long long ack = nextAck++;
        acks[ack] = fault != Fault::LoseAck;
        return answer(200, {{"text", "Success"}, {"code", 0}, {"ackId", ack}});
    }

    std::optional<Response> ack(const http::request<http::string_body>& request)
    {
        if (request[http::field::authorization] != "Splunk " + token) {
            return answer(403, {{"text", "Invalid token"}, {"code", 4}});
        }
        if (drawFault() == Fault::DropReply) {
            return std::nullopt;
        }
        json::error_code failed;
        const auto asked = json::parse(request.body(), failed);
        if (failed || !asked.is_object() || !asked.as_object().contains("acks")) {
            return answer(400, {{"text", "Invalid data format"}, {"code", 6}});
        }
        json::object status;
        for (const auto& id : asked.at("acks").as_array()) {
            const auto found = acks.find(id.as_int64());
            status[std::to_string(id.as_int64())] = found != acks.end() && found->second;
        }
        return answer(200, {{"acks", status}});
    }
};

FakeHec::FakeHec(std::string token, const std::filesystem::path& certificateChain, const std::filesystem::path& key)
    : m_state(std::make_shared<State>())
{
    m_state->token = std::move(token);
    m_state->tls.use_certificate_chain_file(certificateChain.string());
    m_state->tls.use_private_key_file(key.string(), ssl::context::pem);
    m_thread = std::thread([this] { run(); });
}

FakeHec::~FakeHec()
{
    m_state->stopping = true;
    {
        // A client may keep its connection open: the read waiting on it ends.
        const std::scoped_lock lock(m_state->mutex);
        if (m_state->serving >= 0) {
            ::shutdown(m_state->serving, SHUT_RDWR);
        }
    }
    boost::system::error_code ignored;
    asio::ip::tcp::socket poke(m_state->context);
    poke.connect(m_state->acceptor.local_endpoint(), ignored);
    m_thread.join();
}

std::string FakeHec::port() const
{
    return std::to_string(m_state->acceptor.local_endpoint().port());
}

void FakeHec::faultRate(double probability, unsigned seed)
{
    const std::scoped_lock lock(m_state->mutex);
    m_state->faultProbability = probability;
    m_state->random.seed(seed);
}

void FakeHec::forgetConnections(bool forget)
{
    m_state->forgetConnections = forget;
}

void FakeHec::refuseEventsContaining(std::string marker)
{
    const std::scoped_lock lock(m_state->mutex);
    m_state->marker = std::move(marker);
}

std::map<long long, int> FakeHec::indexed() const
{
    const std::scoped_lock lock(m_state->mutex);
    return m_state->indexed;
}

std::map<long long, std::string> FakeHec::events() const
{
    const std::scoped_lock lock(m_state->mutex);
    return m_state->events;
}

int FakeHec::connections() const
{
    const std::scoped_lock lock(m_state->mutex);
    return m_state->connections;
}

int FakeHec::faultsServed() const
{
    const std::scoped_lock lock(m_state->mutex);
    return m_state->faultsServed;
}

void FakeHec::run()
{
    while (!m_state->stopping) {
        boost::system::error_code error;
        asio::ip::tcp::socket socket(m_state->context);
        m_state->acceptor.accept(socket, error);
        if (error || m_state->stopping) {
            continue;
        }
        {
            const std::scoped_lock lock(m_state->mutex);
            if (m_state->downFor > 0) { // dead: the connection is cut before anything
                --m_state->downFor;
                continue;
            }
            if (m_state->stopping) { // seen under the lock the destructor takes after setting it
                continue;
            }
            m_state->serving = socket.native_handle();
            ++m_state->connections;
        }
        beast::ssl_stream<asio::ip::tcp::socket> stream(std::move(socket), m_state->tls);
        m_state->serve(stream);
        const std::scoped_lock lock(m_state->mutex);
        m_state->serving = -1;
    }
}

} // namespace cms::tests
