#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>

namespace cms::core::admin {

// The server's certificate-to-role map (pg_ident.conf, map "cms"), kept in step with the staff
// table: one line per active person, from the subject DN PostgreSQL sees (clientname=DN) to the
// login role. Lines of other maps are kept as they are. Needs the file itself, so cmsadmin runs
// on the database host (as root or postgres); the server then reloads its configuration.
class IdentMapFile
{
public:
    static constexpr const char* kMapName = "cms";

    [[nodiscard]] static Result<int> sync(const remote::PgConnection& admin);
    // The file's new text: `current` with the map's lines replaced by `entries` (DN, role).
    [[nodiscard]] static Result<std::string> rewrite(const std::string& current,
                                                     const std::vector<std::pair<std::string, std::string>>& entries);
};

} // namespace cms::core::admin
