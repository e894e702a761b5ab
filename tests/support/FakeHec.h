#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace cms::tests {

// A small Splunk HTTP Event Collector of the project's own, for what cannot run here (issue:
// audit trail): HTTPS on 127.0.0.1 (Boost.Beast, the dev PKI's server certificate),
// /services/collector/event (token, channel, gzip, newline-separated JSON events, "time" and
// "event" required) and /services/collector/ack, with HEC's replies and error codes. It can be
// made to misbehave the way an indexer does: busy (503, code 9), a reply dropped after indexing,
// death mid-batch (half indexed, the connection cut, then down for a while), an acknowledgment
// that never comes, invalid data (code 6 with the event's number). It keeps a client's connection
// open between requests (HTTP/1.1 keep-alive) and serves one connection at a time.
class FakeHec
{
public:
    FakeHec(std::string token, const std::filesystem::path& certificateChain, const std::filesystem::path& key);
    ~FakeHec();
    FakeHec(const FakeHec&) = delete;
    FakeHec& operator=(const FakeHec&) = delete;

    [[nodiscard]] std::string port() const;
    // Each request meets one of the faults with this probability (0: none), drawn from `seed`.
    void faultRate(double probability, unsigned seed);
    // Closes each connection after its reply, without telling the client (as an indexer closes
    // one idle too long): a client keeping connections meets one closed under it.
    void forgetConnections(bool forget);
    // Events whose JSON contains `marker` are refused as invalid data.
    void refuseEventsContaining(std::string marker);
    // Event id -> how many times it was indexed.
    [[nodiscard]] std::map<long long, int> indexed() const;
    // Event id -> the last HEC event (JSON) indexed for it.
    [[nodiscard]] std::map<long long, std::string> events() const;
    [[nodiscard]] int faultsServed() const;
    [[nodiscard]] int connections() const; // accepted and served (not those cut while down)

private:
    struct State;
    void run();

    std::shared_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace cms::tests
