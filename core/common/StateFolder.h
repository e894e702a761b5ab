#pragma once

#include <filesystem>

namespace cms {

// Where CMS keeps the user's state on this computer: $XDG_STATE_HOME/cms (default
// ~/.local/state/cms), or under the temporary folder when there is no home.
[[nodiscard]] std::filesystem::path userStateFolder();

} // namespace cms
