#include "tests/pg/ForwardFixture.h"

#include "tests/TestPaths.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <chrono>
#include <csignal>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace cms::tests {

namespace {

pid_t spawnCmsadmin(std::vector<std::string> arguments)
{
    arguments.insert(arguments.begin(), CMSADMIN_PATH);
    std::vector<char*> argv;
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, CMSADMIN_PATH, nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cmsadmin could not be started");
    }
    return pid;
}

int waitFor(pid_t pid)
{
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) {
        throw std::runtime_error("cmsadmin could not be waited for");
    }
    return status;
}

} // namespace

std::filesystem::path devPki()
{
    return DevEnvironment::get().devDir() / "pki";
}

void addCaseOpenEvents(const core::remote::PgConnection& admin, int count, const std::string& details)
{
    must(admin,
         "SELECT cms_audit.record_event('case.open', 'cms.cases', 'CASE-' || g, 'success', $2::jsonb) "
         "FROM generate_series(1, $1::int) g",
         {std::to_string(count), details});
}

KillRunOutcome killForwarderThreeTimes(std::vector<std::string> arguments, const std::function<std::size_t()>& received)
{
    KillRunOutcome outcome;
    arguments.insert(arguments.end(), {"--batch", "100", "--follow", "--interval", "1"});
    for (const std::size_t target : {300U, 800U, 1400U}) {
        const pid_t pid = spawnCmsadmin(arguments);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (received() < target && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        kill(pid, SIGKILL);
        outcome.killed += WIFSIGNALED(waitFor(pid)) ? 1 : 0;
    }
    arguments.erase(arguments.end() - 3, arguments.end()); // no --follow: it ends when caught up
    const int status = waitFor(spawnCmsadmin(arguments));
    outcome.lastExitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
}

} // namespace cms::tests
