#include "core/cases/CaseRowSpec.h"

#include <algorithm>

namespace cms::core::cases {

using K = ColumnKind;

const ColumnSpec* CaseRowSpec::column(const std::string& name) const
{
    const auto found = std::ranges::find_if(columns, [&](const ColumnSpec& c) { return name == c.name; });
    return found == columns.end() ? nullptr : &*found;
}

const CaseRowSpec& CaseRowSpec::products()
{
    static const CaseRowSpec spec{"products",
                                  "product",
                                  "name, id",
                                  {{"name", "Name", K::Text, true},
                                   {"brand", "Brand"},
                                   {"model", "Model"},
                                   {"style", "Style"},
                                   {"upc", "UPC", K::Upc}},
                                  {}};
    return spec;
}

const CaseRowSpec& CaseRowSpec::samples()
{
    static const CaseRowSpec spec{"samples",
                                  "sample",
                                  "collected_on DESC, id",
                                  {{"sample_number", "Sample number", K::Text, true},
                                   {"product_id", "Product", K::Reference, false, true, "", "products"},
                                   {"collected_on", "Collected on", K::Date, true},
                                   {"port_of_entry", "Port of entry"},
                                   {"ifs_reference", "IFS reference"},
                                   {"test_result", "Test result", K::LongText}},
                                  {}};
    return spec;
}

const CaseRowSpec& CaseRowSpec::activities()
{
    static const CaseRowSpec spec{"activities",
                                  "activity or note",
                                  "occurred_at DESC, id",
                                  {{"kind", "Kind", K::Choice, true, true, "activity_kind"},
                                   {"occurred_at", "When", K::Timestamp, true},
                                   {"summary", "Summary", K::Text, true},
                                   {"body", "Details", K::LongText},
                                   {"author", "Author", K::Text, false, false}},
                                  {}};
    return spec;
}

const CaseRowSpec& CaseRowSpec::determinations()
{
    static const CaseRowSpec spec{"determinations",
                                  "determination",
                                  "determined_on DESC, id",
                                  {{"outcome", "Outcome", K::Choice, true, true, "determination_outcome"},
                                   {"product_id", "Product", K::Reference, false, true, "", "products"},
                                   {"sample_id", "Sample", K::Reference, false, true, "", "samples"},
                                   {"citation", "Citation (regulation or standard)"},
                                   {"rationale", "Rationale", K::LongText, true},
                                   {"determined_on", "Determined on", K::Date, true},
                                   {"determined_by", "Determined by", K::Text, false, false}},
                                  {}};
    return spec;
}

const CaseRowSpec& CaseRowSpec::correctiveActions()
{
    static const CaseRowSpec spec{
        "corrective_actions",
        "corrective action",
        "requested_on DESC, id",
        {{"firm_id", "Firm", K::Reference, true, true, "", "firms"},
         {"action", "Action", K::Choice, true, true, "corrective_action"},
         {"status", "Status", K::Choice, true, true, "corrective_action_status"},
         {"requested_on", "Requested on", K::Date, true},
         {"respond_by", "Respond by", K::Date},
         {"responded_on", "Responded on", K::Date},
         {"completed_on", "Completed on", K::Date},
         {"details", "Details", K::LongText}},
        {{"requested_on", "respond_by"}, {"requested_on", "responded_on"}, {"requested_on", "completed_on"}}};
    return spec;
}

const CaseRowSpec& CaseRowSpec::correspondence()
{
    static const CaseRowSpec spec{"correspondence",
                                  "letter",
                                  "dated_on DESC, id",
                                  {{"kind", "Kind", K::Choice, true, true, "correspondence_kind"},
                                   {"direction", "Direction", K::Choice, true, true, "correspondence_direction"},
                                   {"firm_id", "Firm", K::Reference, false, true, "", "firms"},
                                   {"person_id", "Person", K::Reference, false, true, "", "people"},
                                   {"subject", "Subject", K::Text, true},
                                   {"body", "Text", K::LongText},
                                   {"dated_on", "Dated", K::Date, true},
                                   {"recorded_by", "Recorded by", K::Text, false, false}},
                                  {}};
    return spec;
}

const std::vector<const CaseRowSpec*>& CaseRowSpec::all()
{
    static const std::vector<const CaseRowSpec*> specs{
        &products(), &samples(), &activities(), &determinations(), &correctiveActions(), &correspondence()};
    return specs;
}

const CaseRowSpec* CaseRowSpec::ofTable(const std::string& table)
{
    for (const CaseRowSpec* spec : all()) {
        if (table == spec->table) {
            return spec;
        }
    }
    return nullptr;
}

} // namespace cms::core::cases
