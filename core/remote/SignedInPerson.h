#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <string>

namespace cms::core::remote {

// Who the server says the signed-in person is: the status bar, `cmsadmin whoami`, and later the
// screens' choices (PII reveal, correction) read it. The server enforces all of it regardless.
struct SignedInPerson
{
    std::string loginRole;
    std::string displayName;
    std::string jobRole;
    std::string team; // empty: no team
    bool piiAccess = false;
    // PIA Q23, by the server's date: the last privacy training (YYYY-MM-DD, empty if none on
    // record) and whether it is within 365 days; whether the rules of behavior are due again.
    std::string privacyTrainingOn;
    bool trainingCurrent = false;
    bool rulesDue = true;

    // Reads the person behind the connection's session_user.
    [[nodiscard]] static Result<SignedInPerson> load(const PgConnection& connection);
};

} // namespace cms::core::remote
