#pragma once

#include <string>
#include <vector>

namespace cms::tests {

struct ProcessOutput
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs a program as a user would from a shell, feeding `input` to its standard input.
ProcessOutput runProcess(const std::vector<std::string>& argv, const std::string& input = {});

} // namespace cms::tests
