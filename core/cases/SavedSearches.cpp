#include "core/cases/SavedSearches.h"

namespace cms::core::cases {

SavedSearches::SavedSearches(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<std::vector<SavedSearch>> SavedSearches::list() const
{
    auto rows = m_connection.exec("SELECT name, definition::text FROM cms.saved_searches ORDER BY lower(name)");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<SavedSearch> searches;
    for (int row = 0; row < rows->rows(); ++row) {
        auto filter = CaseListFilter::fromJson(rows->text(row, 1));
        if (!filter) {
            continue; // a search saved by a newer client with fields this one does not know
        }
        searches.push_back({rows->text(row, 0), std::move(*filter)});
    }
    return searches;
}

Result<void> SavedSearches::save(const std::string& name, const CaseListFilter& filter) const
{
    if (name.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorCode::InvalidArgument, "Give the search a name.");
    }
    // A person's name typed into a search is PII: it stays out of the saved searches.
    CaseListFilter kept = filter;
    kept.personName.clear();
    auto saved = m_connection.exec("INSERT INTO cms.saved_searches (name, definition) VALUES ($1, $2::jsonb) "
                                   "ON CONFLICT (login_role, name) DO UPDATE SET definition = EXCLUDED.definition, "
                                   "saved_at = now()",
                                   {name, kept.toJson()});
    if (!saved) {
        return std::unexpected(saved.error());
    }
    return {};
}

Result<void> SavedSearches::remove(const std::string& name) const
{
    auto removed = m_connection.exec("DELETE FROM cms.saved_searches WHERE name = $1", {name});
    if (!removed) {
        return std::unexpected(removed.error());
    }
    return {};
}

} // namespace cms::core::cases
