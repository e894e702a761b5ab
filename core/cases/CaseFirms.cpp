#include "core/cases/CaseFirms.h"

namespace cms::core::cases {

CaseFirms::CaseFirms(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<std::vector<CaseFirm>> CaseFirms::load(const std::string& caseId) const
{
    auto result = m_connection.exec("SELECT f.id::text, f.name, cf.firm_role::text, coalesce(f.city, ''), f.country "
                                    "FROM cms.case_firms cf JOIN cms.firms f ON f.id = cf.firm_id "
                                    "WHERE cf.case_id = $1 ORDER BY cf.firm_role, f.name",
                                    {caseId});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<CaseFirm> firms;
    for (int r = 0; r < result->rows(); ++r) {
        firms.push_back(
            {result->text(r, 0), result->text(r, 1), result->text(r, 2), result->text(r, 3), result->text(r, 4)});
    }
    return firms;
}

Result<std::vector<FirmMatch>> CaseFirms::find(const std::string& namePart) const
{
    if (namePart.size() < 3) {
        return std::vector<FirmMatch>{};
    }
    auto result = m_connection.exec("SELECT id::text, name, coalesce(city, '') FROM cms.firms "
                                    "WHERE name ILIKE cms.like_pattern($1) ORDER BY name LIMIT 20",
                                    {namePart});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<FirmMatch> matches;
    for (int r = 0; r < result->rows(); ++r) {
        matches.push_back({result->text(r, 0), result->text(r, 1), result->text(r, 2)});
    }
    return matches;
}

Result<void> CaseFirms::add(const std::string& caseId,
                            const std::string& firmId,
                            const std::string& name,
                            const std::string& city,
                            const std::string& country,
                            const std::string& role) const
{
    if (firmId.empty() && name.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorCode::InvalidArgument, "Firm: name the firm, or choose one already on record.");
    }
    if (auto begun = m_connection.exec("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    const auto abandon = [&](const Error& error) -> Result<void> {
        (void)m_connection.exec("ROLLBACK");
        return std::unexpected(error);
    };
    std::string id = firmId;
    if (id.empty()) {
        auto created = m_connection.queryValue(
            "INSERT INTO cms.firms (name, city, country) VALUES ($1, nullif($2, ''), coalesce(nullif($3, ''), 'US')) "
            "RETURNING id::text",
            {name, city, country});
        if (!created) {
            return abandon(created.error());
        }
        id = created->value_or("");
    }
    auto linked = m_connection.exec(
        "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, $3::cms.firm_role)",
        {caseId, id, role});
    if (!linked) {
        return abandon(linked.error());
    }
    if (auto committed = m_connection.exec("COMMIT"); !committed) {
        return std::unexpected(committed.error());
    }
    return {};
}

Result<void> CaseFirms::remove(const std::string& caseId, const CaseFirm& firm) const
{
    auto removed = m_connection.exec("DELETE FROM cms.case_firms WHERE case_id = $1 AND firm_id = $2::bigint AND "
                                     "firm_role = $3::cms.firm_role RETURNING firm_id",
                                     {caseId, firm.firmId, firm.role});
    if (!removed) {
        return std::unexpected(removed.error());
    }
    if (removed->rows() != 1) {
        return fail(ErrorCode::InvalidArgument, "The firm was already removed from the case.");
    }
    return {};
}

} // namespace cms::core::cases
