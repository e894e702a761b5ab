#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin pki refresh-crl`: fetches the configured CRLs into this computer's cache now (the
// desktop client does it in the background; a cron job can do it on shared machines).
[[nodiscard]] int runPki(const std::vector<std::string>& args);

} // namespace cms::app
