#include "core/sync/PiiCheckout.h"

#include "core/cases/CasePeople.h"
#include "core/remote/PgArray.h"
#include "core/remote/PgConnection.h"

#include <boost/json.hpp>
#include <map>

namespace cms::core::sync {

PiiCheckout::PiiCheckout(const cache::CacheDatabase& cache, const remote::PgConnection& server)
    : m_cache(cache)
    , m_server(server)
{}

Result<PiiCheckoutReport> PiiCheckout::refresh() const
{
    PiiCheckoutReport report;
    auto holder = m_server.queryValue("SELECT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER')");
    if (!holder) {
        return std::unexpected(holder.error());
    }
    report.piiHolder = holder->value_or("f") == "t";
    if (!report.piiHolder) {
        auto held = m_cache.queryValue("SELECT count(*) FROM cached_rows WHERE table_name = 'people_pii'");
        if (!held) {
            return std::unexpected(held.error());
        }
        report.peopleRemoved = std::stoi(held->value_or("0"));
        if (report.peopleRemoved > 0) {
            if (auto removed = m_cache.query("DELETE FROM cached_rows WHERE table_name = 'people_pii'"); !removed) {
                return std::unexpected(removed.error());
            }
        }
        return report;
    }
    auto missing = m_cache.query("SELECT p.row_id, p.case_id FROM cached_rows p WHERE p.table_name = 'people' AND "
                                 "NOT EXISTS (SELECT 1 FROM cached_rows q WHERE q.table_name = 'people_pii' AND "
                                 "q.row_id = p.row_id)");
    if (!missing) {
        return std::unexpected(missing.error());
    }
    if (missing->empty()) {
        return report;
    }
    std::vector<std::string> ids;
    std::map<std::string, std::string> caseOf;
    for (const auto& row : *missing) {
        ids.push_back(row[0].value_or(""));
        caseOf[ids.back()] = row[1].value_or("");
    }
    auto given = m_server.exec("SELECT person_id, full_name, title, email, phone, address "
                               "FROM cms.checkout_pii($1::uuid[])",
                               {remote::pgTextArray(ids)});
    if (!given) {
        return std::unexpected(given.error());
    }
    std::map<std::string, boost::json::object> pii;
    for (int row = 0; row < given->rows(); ++row) {
        boost::json::object fields;
        for (std::size_t f = 0; f < cases::kPiiFields.size(); ++f) {
            if (!given->isNull(row, static_cast<int>(f) + 1)) {
                fields[cases::kPiiFields[f]] = given->text(row, static_cast<int>(f) + 1);
            }
        }
        pii[given->text(row, 0)] = std::move(fields);
    }
    // Every person asked gets a row, an empty one when the server gave nothing (no PII recorded,
    // or not visible): asked once, not at every sync. A change of the person at the office
    // brings their row again and with it a new question (ChangePuller).
    auto stored = m_cache.transaction([&]() -> Result<void> {
        for (const auto& id : ids) {
            const auto found = pii.find(id);
            const auto data = found != pii.end() ? boost::json::serialize(found->second) : std::string("{}");
            auto done = m_cache.query("INSERT OR REPLACE INTO cached_rows VALUES ('people_pii', ?1, ?2, 0, 0, ?3)",
                                      {id, caseOf[id], data});
            if (!done) {
                return std::unexpected(done.error());
            }
        }
        return {};
    });
    if (!stored) {
        return std::unexpected(stored.error());
    }
    report.peopleTaken = static_cast<int>(pii.size());
    return report;
}

} // namespace cms::core::sync
