#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cms::core::remote {
class PgConnection;
}

namespace cms::tests {

// What the audit forwarders' tests share (HEC and syslog, tests/pg/*ForwardTest.cpp).
[[nodiscard]] std::filesystem::path devPki();

// `count` case-open events recorded through the server's own function, with these details.
void addCaseOpenEvents(const core::remote::PgConnection& admin, int count, const std::string& details = "{}");

struct KillRunOutcome
{
    int killed = 0;        // forwarders that ended by SIGKILL (3 expected)
    int lastExitCode = -1; // the last forwarder's, run to the end without --follow
};

// `cmsadmin audit forward ...` (the arguments after cmsadmin's path) with `--batch 100 --follow
// --interval 1` killed with SIGKILL once `received()` reaches 300, then 800, then 1,400 events,
// each time a new process; then the same command without --follow, to the end.
[[nodiscard]] KillRunOutcome killForwarderThreeTimes(std::vector<std::string> arguments,
                                                     const std::function<std::size_t()>& received);

} // namespace cms::tests
