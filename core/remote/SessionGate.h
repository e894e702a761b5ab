#pragma once

#include "core/audit/SignInAudit.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"
#include "core/remote/SignedInPerson.h"

#include <string>

namespace cms::core::remote {

// The last step of every sign-in (the desktop's dialog and `cmsadmin whoami` alike), once the
// card has connected: the person on record behind the connection, and their standing (PIA Q23:
// privacy training within 365 days, by the server's date). The outcome goes to the audit trail
// either way, with the failures kept on this computer since the last sign-in; a refusal names
// its reason in words and the caller drops the connection.
class SessionGate
{
public:
    [[nodiscard]] static Result<SignedInPerson>
    enter(const PgConnection& connection, const std::string& tokenLabel, const audit::SignInAudit& audit);

    // The words of the training refusal, for a person whose training is `trainedOn` (YYYY-MM-DD,
    // or empty when none is on record).
    [[nodiscard]] static std::string trainingRefusal(const std::string& trainedOn);
};

} // namespace cms::core::remote
