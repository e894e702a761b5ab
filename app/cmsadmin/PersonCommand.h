#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin person add|revoke ...`: who may sign in, with which job role and PII grant.
int runPerson(const std::vector<std::string>& args);

} // namespace cms::app
