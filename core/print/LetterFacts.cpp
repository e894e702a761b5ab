#include "core/print/LetterFacts.h"

#include "core/model/CaseId.h"
#include "core/print/LetterTemplate.h"

#include <optional>
#include <vector>

namespace cms::core::print {

namespace {

struct Query
{
    const char* sql;
    std::vector<const char*> fields; // per column; "" keeps the column out of the values
};

const std::vector<Query>& queries()
{
    static const std::vector<Query> queries{
        {"SELECT c.title FROM cms.cases c WHERE c.id = $1", {"case.title"}},
        {"SELECT f.id::text, f.name, f.address, f.city, f.region, f.postal_code, f.country FROM cms.case_firms cf "
         "JOIN cms.firms f ON f.id = cf.firm_id WHERE cf.case_id = $1 AND ($2 = '' OR f.id::text = $2) "
         "ORDER BY (cf.firm_role = 'manufacturer') DESC, f.id LIMIT 1",
         {"", "firm.name", "firm.address", "firm.city", "firm.region", "firm.postal_code", "firm.country"}},
        {"SELECT p.name, p.brand, p.model FROM cms.products p WHERE p.case_id = $1 ORDER BY p.id LIMIT 1",
         {"product.name", "product.brand", "product.model"}},
        {"SELECT s.sample_number, s.collected_on::text, s.test_result FROM cms.samples s WHERE s.case_id = $1 "
         "ORDER BY s.collected_on DESC, s.id DESC LIMIT 1",
         {"sample.number", "sample.collected_on", "sample.test_result"}},
        {"SELECT d.id::text, replace(d.outcome::text, '_', ' '), d.citation, d.rationale, d.determined_on::text "
         "FROM cms.determinations d WHERE d.case_id = $1 ORDER BY d.determined_on DESC, d.id DESC LIMIT 1",
         {"",
          "determination.outcome",
          "determination.citation",
          "determination.rationale",
          "determination.determined_on"}},
        {"SELECT to_char(a.occurred_at, 'YYYY-MM-DD'), a.summary FROM cms.activities a WHERE a.case_id = $1 "
         "AND a.kind = 'inspection' ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1",
         {"inspection.date", "inspection.summary"}},
        {"SELECT s.display_name, replace(s.job_role::text, '_', ' '), current_date::text FROM cms.staff s "
         "WHERE s.login_role = session_user",
         {"officer.name", "officer.title", "today"}},
    };
    return queries;
}

std::string capitalised(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

} // namespace

Result<LetterFacts> LetterFacts::load(const remote::PgConnection& connection,
                                      const std::string& caseId,
                                      const std::string& firmId,
                                      const std::string& officeName)
{
    LetterFacts facts;
    facts.values["case.id"] = model::CaseId::displayOf(caseId);
    facts.values["office.name"] = officeName;
    for (const auto& query : queries()) {
        const std::string sql = query.sql;
        remote::PgParams params;
        if (sql.find("$1") != std::string::npos) {
            params.emplace_back(caseId);
        }
        if (sql.find("$2") != std::string::npos) {
            params.emplace_back(firmId);
        }
        auto rows = connection.exec(sql, params);
        if (!rows) {
            return std::unexpected(rows.error());
        }
        if (rows->rows() == 0) {
            continue;
        }
        for (std::size_t column = 0; column < query.fields.size(); ++column) {
            const std::string field = query.fields[column];
            const int c = static_cast<int>(column);
            if (!field.empty() && !rows->isNull(0, c)) {
                facts.values[field] = rows->text(0, c);
            }
        }
        if (sql.find("cms.firms") != std::string::npos) {
            facts.firmId = rows->text(0, 0);
        } else if (sql.find("cms.determinations") != std::string::npos) {
            facts.determinationId = rows->text(0, 0);
        }
    }
    if (!facts.firmId.empty()) {
        auto action =
            connection.exec("SELECT a.id::text, replace(a.action::text, '_', ' '), a.respond_by::text, a.details "
                            "FROM cms.corrective_actions a WHERE a.case_id = $1 AND a.firm_id::text = $2 "
                            "ORDER BY a.requested_on DESC, a.id DESC LIMIT 1",
                            {caseId, facts.firmId});
        if (!action) {
            return std::unexpected(action.error());
        }
        if (action->rows() == 1) {
            facts.correctiveActionId = action->text(0, 0);
            for (const auto& [column, field] :
                 {std::pair{1, "action.kind"}, std::pair{2, "action.respond_by"}, std::pair{3, "action.details"}}) {
                if (!action->isNull(0, column)) {
                    facts.values[field] = action->text(0, column);
                }
            }
        }
    }
    if (const auto outcome = facts.values.find("determination.outcome"); outcome != facts.values.end()) {
        outcome->second = capitalised(outcome->second);
    }
    return facts;
}

Result<std::string> LetterFacts::issue(const remote::PgConnection& connection,
                                       const std::string& caseId,
                                       const std::string& letterKind,
                                       const std::string& subject,
                                       const std::string& html) const
{
    const auto* kind = LetterTemplate::kind(letterKind);
    if (kind == nullptr) {
        return fail(ErrorCode::InvalidArgument, "There is no letter \"" + letterKind + "\".");
    }
    if (firmId.empty()) {
        return fail(ErrorCode::InvalidArgument, "A letter goes to a firm of the case: add the firm first.");
    }
    const auto optional = [](const std::string& value) {
        return value.empty() ? std::optional<std::string>() : std::optional<std::string>(value);
    };
    auto issued = connection.queryValue(
        "SELECT cms.issue_letter($1, $2, $3::cms.correspondence_kind, $4::bigint, $5::bigint, $6::bigint, $7, $8)",
        {caseId,
         letterKind,
         std::string(kind->correspondence),
         firmId,
         optional(determinationId),
         optional(correctiveActionId),
         subject,
         html});
    if (!issued) {
        return std::unexpected(issued.error());
    }
    return issued->value_or("");
}

} // namespace cms::core::print
