#include "tests/support/RsyslogServer.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <spawn.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace cms::tests {

namespace {

constexpr const char* kRsyslogd = "/usr/sbin/rsyslogd";

std::string readFile(const std::filesystem::path& file)
{
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether something listens on 127.0.0.1:port (rsyslog writes its port file only for a port it
// chose itself).
bool accepts(const std::string& port)
{
    const int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    close(probe);
    return connected;
}

} // namespace

RsyslogServer::RsyslogServer(const std::filesystem::path& certificateChain,
                             const std::filesystem::path& key,
                             const std::filesystem::path& caFile)
    : m_dir(std::filesystem::temp_directory_path()
            / ("cms-rsyslog-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}())))
    , m_certificateChain(certificateChain)
    , m_key(key)
    , m_caFile(caFile)
{
    if (!std::filesystem::exists(kRsyslogd)) {
        throw std::runtime_error("rsyslogd is not installed (packaging/dev/install-packages installs rsyslog and "
                                 "rsyslog-gnutls)");
    }
    std::filesystem::create_directories(m_dir);
    start();
}

RsyslogServer::~RsyslogServer()
{
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

void RsyslogServer::writeConfig(const std::string& port) const
{
    // Only what this receiver needs: no system log sockets, no other outputs. The largest message
    // is raised so that the forwarder's own limit is what a test meets.
    std::ofstream(m_dir / "rsyslog.conf")
        << "global(workDirectory=\"" << m_dir.string() << "\" maxMessageSize=\"64k\"\n"
        << "       defaultNetstreamDriver=\"gtls\"\n"
        << "       defaultNetstreamDriverCAFile=\"" << m_caFile.string() << "\"\n"
        << "       defaultNetstreamDriverCertFile=\"" << m_certificateChain.string() << "\"\n"
        << "       defaultNetstreamDriverKeyFile=\"" << m_key.string() << "\")\n"
        << "module(load=\"imtcp\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"anon\")\n"
        << "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" << port << "\" listenPortFileName=\""
        << (m_dir / "port").string() << "\")\n"
        << "template(name=\"asReceived\" type=\"string\" string=\"%rawmsg%\\n\")\n"
        << "*.* action(type=\"omfile\" file=\"" << (m_dir / "received.log").string() << "\" template=\"asReceived\")\n";
}

void RsyslogServer::start()
{
    if (m_pid > 0) {
        return;
    }
    writeConfig(m_port.empty() ? "0" : m_port);
    std::filesystem::remove(m_dir / "port");
    std::filesystem::remove(m_dir / "rsyslogd.pid");
    const std::string config = (m_dir / "rsyslog.conf").string();
    const std::string pidFile = (m_dir / "rsyslogd.pid").string();
    const std::string log = (m_dir / "rsyslogd.out").string();
    std::vector<std::string> arguments{kRsyslogd, "-n", "-f", config, "-i", pidFile};
    std::vector<char*> argv;
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    const int spawned = posix_spawn(&m_pid, kRsyslogd, &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (spawned != 0) {
        m_pid = -1;
        throw std::runtime_error("rsyslogd could not be started");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (m_port.empty()) {
            auto port = readFile(m_dir / "port"); // written once rsyslog listens on the port it chose
            while (!port.empty() && (port.back() == '\n' || port.back() == ' ')) {
                port.pop_back();
            }
            if (!port.empty() && port.find_first_not_of("0123456789") == std::string::npos) {
                m_port = port;
                return;
            }
        } else if (accepts(m_port)) {
            return;
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("rsyslogd ended at start: " + readFile(log));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    throw std::runtime_error("rsyslogd did not listen within 20 s: " + readFile(log));
}

void RsyslogServer::stop()
{
    if (m_pid <= 0) {
        return;
    }
    kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
}

std::vector<std::string> RsyslogServer::messages(std::size_t atLeast, std::chrono::milliseconds wait) const
{
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        std::vector<std::string> lines;
        std::ifstream in(m_dir / "received.log");
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        if (lines.size() >= atLeast || std::chrono::steady_clock::now() >= deadline) {
            return lines;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace cms::tests
