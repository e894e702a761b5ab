#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin audit verify [--from TIME] [--to TIME] | checkpoint [--db CONNINFO] [--config FILE]`:
// the central audit trail's hash chain, checked or checkpointed by the operator.
int runAudit(const std::vector<std::string>& args);

} // namespace cms::app
