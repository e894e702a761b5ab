#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cms::app {

// Exit codes of cmsadmin: scripts branch on them.
enum ExitCode : int
{
    kExitOk = 0,
    kExitRefused = 1,
    kExitUsage = 2,
};

// One cmsadmin sub-command: `cmsadmin NAME [ARGS...]`.
struct Command
{
    std::string name;
    std::string summary;
    std::function<int(const std::vector<std::string>& args)> run;
};

} // namespace cms::app
