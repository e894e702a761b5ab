#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <boost/program_options.hpp>

namespace cms::app {

// The operator's database connection, shared by the administrative commands: --db CONNINFO, or
// `[admin] conninfo` of the configuration (--config, default $CMS_CONFIG).
[[nodiscard]] boost::program_options::options_description adminConnectionOptions();
[[nodiscard]] Result<core::remote::PgConnection> openAdminConnection(const boost::program_options::variables_map& vm);
// Prints a refusal as every cmsadmin command does and returns the refusal exit code.
int reportRefusal(const std::string& command, const Error& error);

} // namespace cms::app
