#pragma once

#include <string>
#include <vector>

namespace cms::app {

// `cmsadmin demo seed --cases N --seed S [--append]`: synthetic cases for demos and benchmarks.
[[nodiscard]] int runDemo(const std::vector<std::string>& args);

} // namespace cms::app
