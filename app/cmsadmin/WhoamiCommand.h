#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin whoami --token LABEL [--pin-stdin] [--user ROLE] [--config FILE]`: signs in with the
// card through the same core path as the desktop client and prints who the server says we are.
int runWhoami(const std::vector<std::string>& args);

} // namespace cms::app
