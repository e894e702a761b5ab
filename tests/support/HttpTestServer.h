#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace cms::tests {

// A small HTTP/1.1 server on 127.0.0.1 for what the office's own web servers serve in
// production (CRL distribution points). It speaks the real protocol (Boost.Beast), one request
// per connection, from a thread of its own.
class HttpTestServer
{
public:
    HttpTestServer();
    ~HttpTestServer();
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    // What GET `path` answers; other paths answer 404.
    void serve(const std::string& path, std::string body, unsigned status = 200);
    [[nodiscard]] std::string url(const std::string& path) const;
    [[nodiscard]] int requests() const;

private:
    struct State;
    void run();

    std::shared_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace cms::tests
