#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cms::app {

// The arguments of `cmsadmin COMMAND ACTION [TARGET] [OPTIONS]`, as db, demo, person and pki
// take them: the action (and, for commands that take one, the target, e.g. a login) by position,
// the options by name. A parse error is printed with the usage, and the caller exits with
// kExitUsage.
class ActionArguments
{
public:
    [[nodiscard]] static std::optional<ActionArguments>
    parse(const std::vector<std::string>& args,
          const boost::program_options::options_description& options,
          const std::string& command,
          const std::string& usage,
          bool takesTarget = false);

    [[nodiscard]] const boost::program_options::variables_map& values() const;
    [[nodiscard]] boost::program_options::variables_map& values();
    [[nodiscard]] const std::string& action() const;
    [[nodiscard]] bool helpAsked() const;

private:
    boost::program_options::variables_map m_values;
    std::string m_action;
};

} // namespace cms::app
