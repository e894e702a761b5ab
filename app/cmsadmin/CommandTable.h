#pragma once

#include "app/cmsadmin/Command.h"

#include <ostream>
#include <vector>

namespace cms::app {

// Every cmsadmin command, in the order `cmsadmin --help` lists them.
[[nodiscard]] const std::vector<Command>& commandTable();
void printUsage(std::ostream& out);

} // namespace cms::app
