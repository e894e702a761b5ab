#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/cases/CasePeople.h"
#include "core/common/Result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cms::core::sync {

// A field's new value as text, or nothing for NULL.
using ChangedFields = std::map<std::string, std::optional<std::string>>;

// Edits made on the laptop (issue: offline field work): each one changes the cached row and
// joins the outbox in one transaction of the cache, with a new id (UUID), the version the row
// had and the fields changed, so that a crash keeps both or neither. A row added here has a local
// id ("new-<uuid>") until the push gives it the server's; a row removed here stays in the cache,
// hidden, until the server has removed it too.
class OfflineEdits
{
public:
    // The start of a row id drawn here (the server's ids are numbers).
    static constexpr std::string_view kLocalRowPrefix = "new-";

    explicit OfflineEdits(const cache::CacheDatabase& cache);

    [[nodiscard]] static bool isLocalRow(std::string_view rowId)
    {
        return rowId.starts_with(kLocalRowPrefix);
    }

    // Applies the edit to the cached row and queues it; returns the entry's id.
    [[nodiscard]] Result<std::string>
    edit(const std::string& table, const std::string& rowId, const ChangedFields& changed) const;
    // A new row of a checked-out case: into the cache and the outbox; returns its local row id.
    [[nodiscard]] Result<std::string>
    add(const std::string& table, const std::string& caseId, const ChangedFields& fields) const;
    // A firm's link to a case in a role, as the cache names it (the pull too: ChangePuller).
    [[nodiscard]] static std::string
    firmLinkRow(const std::string& caseId, const std::string& firmId, const std::string& role)
    {
        return caseId + "/" + firmId + ":" + role;
    }

    // A firm the cache holds (through any checked-out case) linked to `caseId` in `role`: the
    // link's row ("<case>/<firm>:<role>", as the pull names it) with the firm's cached row inside,
    // into the cache and the outbox; returns the row id. Unlinking is `remove("case_firms", id)`.
    [[nodiscard]] Result<std::string>
    linkFirm(const std::string& caseId, const std::string& firmId, const std::string& role) const;
    // A person added to `caseId`, with the id the server will keep (a random UUID, as its default
    // draws), their masked values (PiiMask, as the server masks) and, for a PII-holder
    // (`piiHolder`: the cache owner held the grant at the last sync), their PII in the cache's
    // people_pii and in the outbox entry (cms.apply_new_person); the same checks as online
    // (CasePeople::add). Returns the person's id.
    [[nodiscard]] Result<std::string>
    addPerson(const std::string& caseId, const cases::NewPerson& person, bool piiHolder) const;
    // A PII field of a cached person corrected, with its reason (`mayCorrect`: the cache's owner
    // is an officer or investigator who held the PII grant at the last sync): the cached PII
    // takes the value at once, and the outbox holds the field, the value, the reason and the
    // value replaced (cms.apply_pii_correction applies it only on that value). The masked values
    // stay the office's until the sync. Returns the entry's id.
    [[nodiscard]] Result<std::string> correctPii(const std::string& personId,
                                                 const std::string& field,
                                                 const std::string& value,
                                                 const std::string& reason,
                                                 bool mayCorrect) const;
    // Queues the removal of a row on the version it has here and hides it; returns the entry's id.
    [[nodiscard]] Result<std::string> remove(const std::string& table, const std::string& rowId) const;
    // The cached row as JSON, with the edits made here.
    [[nodiscard]] Result<std::string> row(const std::string& table, const std::string& rowId) const;
    [[nodiscard]] Result<long long> pendingCount() const;

private:
    const cache::CacheDatabase& m_cache;
};

} // namespace cms::core::sync
