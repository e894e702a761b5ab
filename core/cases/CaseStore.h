#pragma once

#include "core/cases/CaseSummary.h"
#include "core/cases/FieldConflict.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace cms::core::cases {

// The case changed since it was opened here: who saved last and when, which fields they changed,
// and the fields both changed, for the person to choose per field. Nothing was written.
struct SaveConflict
{
    CaseSummary current;
    std::vector<std::string> changedByThem;
    std::vector<FieldConflict> conflicts;
};

using SaveOutcome = std::variant<CaseSummary, SaveConflict>;

// Reads and writes a case's own row with its version: a save sends only the fields this person
// changed, and if the case changed meanwhile the server refuses it (its version check) and the
// conflict is worked out here; nothing is ever overwritten silently.
class CaseStore
{
public:
    explicit CaseStore(const remote::PgConnection& connection);

    [[nodiscard]] Result<CaseSummary> load(const std::string& id) const;
    // The case form opens a case: load() and the audit event `case.open` (PIA Q22), refused
    // with its cause too (not visible to the person, or no such id); the id is not PII.
    [[nodiscard]] Result<CaseSummary> open(const std::string& id) const;
    // A new case: the server draws its random id.
    [[nodiscard]] Result<CaseSummary> create(const CaseSummary& draft) const;
    [[nodiscard]] Result<SaveOutcome> save(const CaseSummary& base, const CaseSummary& edited) const;

    // The edit to save after a conflict: the current case, with this person's value for each field
    // they changed that the other did not, and for each conflicting field their choice
    // (`keepMine[field]`, default theirs). Save it with the current case as its base.
    [[nodiscard]] static CaseSummary resolve(const SaveConflict& conflict,
                                             const CaseSummary& base,
                                             const CaseSummary& edited,
                                             const std::map<std::string, bool>& keepMine);

private:
    const remote::PgConnection& m_connection;
};

} // namespace cms::core::cases
