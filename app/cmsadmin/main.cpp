#include "app/cmsadmin/CommandTable.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    using namespace cms::app;
    const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
    const std::string name = argc > 1 ? argv[1] : "";
    if (name.empty() || name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return name.empty() ? kExitUsage : kExitOk;
    }
    const auto& commands = commandTable();
    const auto command = std::ranges::find(commands, name, &Command::name);
    if (command == commands.end()) {
        std::cerr << "cmsadmin: unknown command '" << name << "'\n\n";
        printUsage(std::cerr);
        return kExitUsage;
    }
    try {
        return command->run(args);
    } catch (const std::exception& e) {
        std::cerr << "cmsadmin " << name << ": internal error: " << e.what() << '\n';
        return kExitRefused;
    }
}
