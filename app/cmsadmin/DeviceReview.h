#pragma once

#include "core/remote/PgConnection.h"

#include <boost/program_options/variables_map.hpp>

namespace cms::app {

// The review of laptops' audit batches the server set aside (sql/server/0026, 0027):
// `cmsadmin audit quarantine` lists them, `cmsadmin audit rebaseline --quarantined ID --reason TEXT`
// lets the device's chain go on from the last event of a reviewed batch (an auditor's connection).
// Both return the command's exit code.
int listQuarantine(const core::remote::PgConnection& connection);
int rebaselineDevice(const core::remote::PgConnection& connection, const boost::program_options::variables_map& vm);

} // namespace cms::app
