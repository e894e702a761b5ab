#pragma once

#include "core/cases/CaseRowSpec.h"
#include "core/cases/FieldConflict.h"
#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cms::core::cases {

// One row of a case's products, samples, notes...: its values by column (empty: none).
struct CaseRow
{
    std::string id;
    int version = 0;
    std::map<std::string, std::string> values;

    [[nodiscard]] std::string value(const std::string& column) const;
};

// The row changed since it was opened here: the row as it is now, the fields the other person
// changed, and those both changed, for the person to choose per field. Nothing was written.
struct RowConflict
{
    CaseRow current;
    std::vector<std::string> changedByThem;
    std::vector<FieldConflict> conflicts;
};

using RowSaveOutcome = std::variant<CaseRow, RowConflict>;

struct Choice
{
    std::string value;
    std::string label;
};

// Reads and writes one kind of a case's rows by its spec, with the row's version on every change
// (the server refuses a change to a row someone else changed meanwhile, and says so).
class CaseRows
{
public:
    CaseRows(const remote::PgConnection& connection, const CaseRowSpec& spec);

    [[nodiscard]] Result<std::vector<CaseRow>> load(const std::string& caseId) const;
    // What a Choice or Reference column offers: the enum's values, or the case's rows it may name.
    [[nodiscard]] Result<std::vector<Choice>> choices(const ColumnSpec& column, const std::string& caseId) const;
    // What must hold before saving, with the field named; empty when it may be saved.
    [[nodiscard]] static std::optional<std::string> problem(const CaseRowSpec& spec, const CaseRow& row);

    [[nodiscard]] Result<CaseRow> insert(const std::string& caseId, const CaseRow& row) const;
    [[nodiscard]] Result<CaseRow> update(const CaseRow& row) const;
    // Saves an edit of `base` with its version. If someone else changed the row meanwhile, the
    // fields only they changed are kept, and if they changed none of this person's fields the
    // edit goes on top of theirs by itself; otherwise the conflict comes back.
    [[nodiscard]] Result<RowSaveOutcome> save(const CaseRow& base, const CaseRow& edited) const;
    // The edit to save after a conflict: the current row with this person's value for each field
    // they changed that the other did not, and for each conflicting field their choice
    // (`keepMine[field]`, default theirs).
    [[nodiscard]] static CaseRow resolve(const CaseRowSpec& spec,
                                         const RowConflict& conflict,
                                         const CaseRow& base,
                                         const CaseRow& edited,
                                         const std::map<std::string, bool>& keepMine);
    [[nodiscard]] Result<void> remove(const CaseRow& row) const;

private:
    [[nodiscard]] std::string selectList() const;
    [[nodiscard]] Result<CaseRow> rowOf(Result<remote::PgResult> result) const;

    const remote::PgConnection& m_connection;
    const CaseRowSpec& m_spec;
};

} // namespace cms::core::cases
