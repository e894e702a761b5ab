#pragma once

#include "core/remote/CardConnector.h"
#include "core/remote/PgConnection.h"

#include <string>

namespace cms::tests {

// Signs in with a dev test card, through the same path as the client.
[[nodiscard]] Result<core::remote::CardConnection> connectWithCard(const std::string& tokenLabel,
                                                                   const std::string& pin);
// The same without the client's own certificate validation, to prove what the server refuses.
[[nodiscard]] Result<core::remote::CardConnection> connectServerChecksOnly(const std::string& tokenLabel,
                                                                           const std::string& pin);
// Signs in as a dev person with the right PIN; fails the test when that is refused.
[[nodiscard]] core::remote::CardConnection connectAs(const std::string& tokenLabel);
// The operator's connection (the postgres superuser over the local socket, [admin] conninfo).
[[nodiscard]] core::remote::PgConnection adminConnection(const std::string& database = {});
// A new case of the officer's team (oortega's: Port of Baltimore), made by the operator on
// `admin`'s database; returns its id.
[[nodiscard]] std::string newOfficerTeamCase(const core::remote::PgConnection& admin,
                                             const std::string& title,
                                             const std::string& caseType = "establishment_inspection");
// Runs SQL that must succeed (test fixtures); throws with the server's words otherwise.
core::remote::PgResult
must(const core::remote::PgConnection& connection, const std::string& sql, const core::remote::PgParams& params = {});

} // namespace cms::tests
