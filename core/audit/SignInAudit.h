#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace cms::core::audit {

// Sign-in events for the audit trail (PIA Q22, Q24). A successful sign-in is recorded through
// the server's event function at once; a failure happens before any connection exists, so it
// waits in a small file of this user's (mode 0600: the card's label, the cause's code and the
// time, never a PIN or the words shown) and goes to the server with the next successful
// sign-in on this computer, marked with when it happened. Until the encrypted local audit chain
// exists (the audit-trail issue), this file is where such events wait.
class SignInAudit
{
public:
    explicit SignInAudit(std::filesystem::path pendingFile);
    // $XDG_STATE_HOME/cms (or ~/.local/state/cms)/pending-sign-in-events.jsonl
    [[nodiscard]] static std::filesystem::path defaultPendingFile();

    // Keeps a failed sign-in for the next connection; `cause` is an ErrorCode's name.
    [[nodiscard]] Result<void> recordFailure(const std::string& tokenLabel,
                                             const std::string& cause,
                                             std::chrono::system_clock::time_point when) const;
    // Records this sign-in, then hands the server every failure kept meanwhile and forgets them
    // only once the server has them all (one transaction). With a `refusedFor` cause (an
    // ErrorCode's name) the sign-in is recorded as refused: the card was good, the person may not
    // work (e.g. privacy training overdue).
    [[nodiscard]] Result<int> recordSignIn(const remote::PgConnection& connection,
                                           const std::string& tokenLabel,
                                           const std::string& refusedFor = {}) const;

private:
    std::filesystem::path m_pendingFile;
};

} // namespace cms::core::audit
