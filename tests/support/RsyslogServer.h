#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cms::tests {

// A real rsyslog (Debian's rsyslogd, GnuTLS driver) listening for syslog over TLS (RFC 5425) on
// 127.0.0.1 with the dev PKI's server certificate, writing each message it receives, as
// received, as one line of a file (issue: audit trail, delivery). It can be stopped and started
// again on the same port, as a receiver restarted by its operator.
class RsyslogServer
{
public:
    RsyslogServer(const std::filesystem::path& certificateChain,
                  const std::filesystem::path& key,
                  const std::filesystem::path& caFile);
    ~RsyslogServer();
    RsyslogServer(const RsyslogServer&) = delete;
    RsyslogServer& operator=(const RsyslogServer&) = delete;

    [[nodiscard]] std::string port() const
    {
        return m_port;
    }
    // SIGTERM: rsyslog closes its connections at once and writes what it has read.
    void stop();
    void start();
    [[nodiscard]] bool running() const
    {
        return m_pid > 0;
    }
    // Every message received so far (each line of its output file), once at least `atLeast` are
    // there or `wait` has passed (rsyslog writes a little after it reads).
    [[nodiscard]] std::vector<std::string> messages(std::size_t atLeast = 0,
                                                    std::chrono::milliseconds wait = std::chrono::seconds(20)) const;

private:
    void writeConfig(const std::string& port) const;

    std::filesystem::path m_dir;
    std::filesystem::path m_certificateChain;
    std::filesystem::path m_key;
    std::filesystem::path m_caFile;
    std::string m_port;
    pid_t m_pid = -1;
};

} // namespace cms::tests
