#pragma once

#include <string>
#include <vector>

namespace cms::core::cases {

// How a column of a case's rows is shown and edited.
enum class ColumnKind
{
    Text,
    LongText,  // several lines
    Date,      // YYYY-MM-DD
    Timestamp, // YYYY-MM-DD HH:MM, the person's local time
    Choice,    // a value of the server enum `choices`
    Reference, // the id of another row of the same case (`references`: its table)
    Upc,       // a UPC-A code, its check digit verified
};

struct ColumnSpec
{
    const char* name;
    const char* label;
    ColumnKind kind = ColumnKind::Text;
    bool required = false;
    bool editable = true;        // false: written by the server (author, stamped dates)
    const char* choices = "";    // the enum type, for Choice
    const char* references = ""; // products, samples, firms (of the case), people, ...
};

// One kind of row a case has (its products, samples, notes...), as the case form shows it: the
// table, its columns, and which dates must be in order. Only these fixed names ever reach SQL
// text; values are bound.
struct CaseRowSpec
{
    const char* table;    // in schema cms
    const char* singular; // "product"
    const char* orderBy;  // SQL over the table's columns
    std::vector<ColumnSpec> columns;
    std::vector<std::pair<const char*, const char*>> datesInOrder; // (earlier, later)

    [[nodiscard]] const ColumnSpec* column(const std::string& name) const;

    [[nodiscard]] static const CaseRowSpec& products();
    [[nodiscard]] static const CaseRowSpec& samples();
    [[nodiscard]] static const CaseRowSpec& activities();
    [[nodiscard]] static const CaseRowSpec& determinations();
    [[nodiscard]] static const CaseRowSpec& correctiveActions();
    [[nodiscard]] static const CaseRowSpec& correspondence();
    // The six, in the case form's order.
    [[nodiscard]] static const std::vector<const CaseRowSpec*>& all();
    // The spec of a table ("samples"), or null.
    [[nodiscard]] static const CaseRowSpec* ofTable(const std::string& table);
};

} // namespace cms::core::cases
