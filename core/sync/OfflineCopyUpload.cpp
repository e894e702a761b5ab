#include "core/sync/OfflineCopyUpload.h"

#include "core/remote/PgArray.h"
#include "core/remote/PgConnection.h"

#include <boost/json.hpp>

namespace cms::core::sync {

Result<int> OfflineCopyUpload::upload(const cache::CacheDatabase& cache, const remote::PgConnection& server)
{
    auto waiting =
        cache.query("SELECT entry_id, case_id, kind, sections, purpose, leaves_office, printed_at, label, redacted "
                    "FROM offline_copies WHERE copy_id IS NULL ORDER BY printed_at, label");
    if (!waiting) {
        return std::unexpected(waiting.error());
    }
    int registered = 0;
    for (const auto& copy : *waiting) {
        std::vector<std::string> sections;
        boost::json::error_code unreadable;
        const auto parsed = boost::json::parse(copy[3].value_or("[]"), unreadable);
        if (!unreadable && parsed.is_array()) {
            for (const auto& section : parsed.as_array()) {
                if (section.is_string()) {
                    sections.emplace_back(section.as_string());
                }
            }
        }
        auto made =
            server.exec("SELECT copy_id::text, copy_number FROM cms.register_offline_copy($1::uuid, $2, "
                        "$3::cms.hard_copy_kind, $4::text[], $9::boolean, $5, $6::boolean, $7::timestamptz, $8)",
                        {copy[0].value_or(""),
                         copy[1].value_or(""),
                         copy[2].value_or(""),
                         remote::pgTextArray(sections),
                         copy[4].value_or(""),
                         copy[5].value_or("0") == "1" ? "true" : "false",
                         copy[6].value_or(""),
                         copy[7].value_or(""),
                         copy[8].value_or("1") == "1" ? "true" : "false"});
        if (!made) {
            return std::unexpected(made.error());
        }
        auto kept = cache.query("UPDATE offline_copies SET copy_id = ?2, copy_number = ?3 WHERE entry_id = ?1",
                                {copy[0].value_or(""), made->text(0, 0), made->text(0, 1)});
        if (!kept) {
            return std::unexpected(kept.error());
        }
        ++registered;
    }
    return registered;
}

} // namespace cms::core::sync
