#include "tests/support/ProcessRunner.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace cms::tests {

namespace {

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

ProcessOutput runProcess(const std::vector<std::string>& argv, const std::string& input)
{
    char outPath[] = "/tmp/cms-test-out-XXXXXX";
    char errPath[] = "/tmp/cms-test-err-XXXXXX";
    const int outFd = mkstemp(outPath);
    const int errFd = mkstemp(errPath);
    std::array<int, 2> inPipe{};
    if (outFd < 0 || errFd < 0 || pipe(inPipe.data()) != 0) {
        throw std::runtime_error("cannot set up a child process");
    }
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(inPipe[0], STDIN_FILENO);
        dup2(outFd, STDOUT_FILENO);
        dup2(errFd, STDERR_FILENO);
        close(inPipe[1]);
        std::vector<char*> args;
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(inPipe[0]);
    if (!input.empty() && write(inPipe[1], input.data(), input.size()) < 0) {
        // The child may have exited before reading; its exit code tells the rest.
    }
    close(inPipe[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    close(outFd);
    close(errFd);
    ProcessOutput output;
    output.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    output.out = slurp(outPath);
    output.err = slurp(errPath);
    unlink(outPath);
    unlink(errPath);
    return output;
}

} // namespace cms::tests
