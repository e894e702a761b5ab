#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin db migrate|status [--db CONNINFO] [--config FILE]`: the central schema, run by the
// operator on the database host (the connection of `[admin] conninfo`, or --db).
int runDb(const std::vector<std::string>& args);

} // namespace cms::app
