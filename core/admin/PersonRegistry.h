#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::admin {

struct NewPerson
{
    std::vector<std::uint8_t> certificateDer; // the person's PIV Authentication certificate
    std::string jobRole;                      // officer, investigator, ... (without the cms_ prefix)
    bool pii = false;                         // the separate PII grant
    std::string approvedBy;                   // who approved the access; a manager's login for PII
    std::optional<std::string> loginRole;     // default: the local part of the certificate's UPN
    std::optional<std::string> displayName;   // default: the certificate's common name
    std::optional<std::string> team;          // team name; created when new
    std::optional<std::string> ndaSignedOn;   // YYYY-MM-DD; required for contractors (PIA Q17)
};

struct RegisteredPerson
{
    std::string loginRole;
    std::string cardUuid;
    bool created = false; // false: an existing person was updated (new card, new role)
};

// Records people in the central database: their login role (no password), job group, PII grant,
// the card on record and the approvals, all in one transaction, and then the server's
// certificate map (IdentMapFile). Runs with the operator's connection.
class PersonRegistry
{
public:
    explicit PersonRegistry(const remote::PgConnection& admin);

    [[nodiscard]] Result<RegisteredPerson> add(const NewPerson& person) const;
    [[nodiscard]] Result<void> revoke(const std::string& loginRole, const std::string& reason) const;
    // Records the date an active person completed privacy training (YYYY-MM-DD, not in the
    // future by the server's date). Sign-in needs one within 365 days (PIA Q23).
    [[nodiscard]] Result<void> recordTraining(const std::string& loginRole, const std::string& completedOn) const;

    [[nodiscard]] static const std::vector<std::string>& jobRoles();

private:
    [[nodiscard]] Result<void> grantAccess(const std::string& login, const NewPerson& person) const;
    [[nodiscard]] Result<void> inTransaction(const std::function<Result<void>()>& work) const;

    const remote::PgConnection& m_admin;
};

} // namespace cms::core::admin
