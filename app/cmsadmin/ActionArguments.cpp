#include "app/cmsadmin/ActionArguments.h"

#include <iostream>

namespace cms::app {

namespace po = boost::program_options;

std::optional<ActionArguments> ActionArguments::parse(const std::vector<std::string>& args,
                                                      const po::options_description& options,
                                                      const std::string& command,
                                                      const std::string& usage,
                                                      bool takesTarget)
{
    po::options_description hidden;
    hidden.add_options()("action", po::value<std::string>())("target", po::value<std::string>());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("action", 1).add("target", 1);
    ActionArguments parsed;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), parsed.m_values);
        po::notify(parsed.m_values);
    } catch (const po::error& e) {
        std::cerr << "cmsadmin " << command << ": " << e.what() << "\n\n" << usage << options;
        return std::nullopt;
    }
    if (!takesTarget && parsed.m_values.count("target") != 0) {
        std::cerr << "cmsadmin " << command << ": unexpected argument \"" << parsed.m_values["target"].as<std::string>()
                  << "\"\n\n"
                  << usage << options;
        return std::nullopt;
    }
    if (parsed.m_values.count("action") != 0) {
        parsed.m_action = parsed.m_values["action"].as<std::string>();
    }
    return parsed;
}

const po::variables_map& ActionArguments::values() const
{
    return m_values;
}

po::variables_map& ActionArguments::values()
{
    return m_values;
}

const std::string& ActionArguments::action() const
{
    return m_action;
}

bool ActionArguments::helpAsked() const
{
    return m_values.count("help") != 0;
}

} // namespace cms::app
