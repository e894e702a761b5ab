#include "core/sync/OfflineEdits.h"

#include "core/cases/CaseFirms.h"
#include "core/common/RandomUuid.h"
#include "core/common/UtcTime.h"
#include "core/model/PiiMask.h"
#include "core/sync/JsonFields.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>

namespace cms::core::sync {

namespace json = boost::json;

namespace {

json::object objectOf(const ChangedFields& changed)
{
    json::object object;
    for (const auto& [field, value] : changed) {
        object[field] = value ? json::value(*value) : json::value(nullptr);
    }
    return object;
}

Result<void> queue(const cache::CacheDatabase& cache,
                   const std::string& entryId,
                   const char* kind,
                   const std::string& table,
                   const std::string& rowId,
                   const std::string& caseId,
                   const std::string& baseVersion,
                   const std::string& changed,
                   const std::string& baseValues)
{
    auto queued = cache.query("INSERT INTO outbox (entry_id, kind, table_name, row_id, case_id, base_version, changed, "
                              "base_values, queued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                              {entryId,
                               kind,
                               table,
                               rowId,
                               caseId,
                               baseVersion,
                               changed,
                               baseValues,
                               utcIsoTime(std::chrono::system_clock::now())});
    if (!queued) {
        return std::unexpected(queued.error());
    }
    return {};
}

Result<void> checkedOut(const cache::CacheDatabase& cache, const std::string& caseId)
{
    auto taken = cache.queryValue("SELECT count(*) FROM checked_out WHERE case_id = ?1", {caseId});
    if (!taken) {
        return std::unexpected(taken.error());
    }
    if (taken->value_or("0") == "0") {
        return fail(ErrorCode::InvalidArgument, "Case " + caseId + " is not taken for field work on this computer.");
    }
    return {};
}

// A field naming a row added here by its local id: that row must still be one (after a sync it
// has the server's id, and a form opened before names it by the old one).
Result<void> checkLocalReferences(const cache::CacheDatabase& cache, const ChangedFields& fields)
{
    for (const auto& [field, value] : fields) {
        if (!value || !OfflineEdits::isLocalRow(*value)) {
            continue;
        }
        auto named = cache.queryValue("SELECT count(*) FROM cached_rows WHERE row_id = ?1", {*value});
        if (!named) {
            return std::unexpected(named.error());
        }
        if (named->value_or("0") == "0") {
            return fail(ErrorCode::InvalidArgument,
                        "The row that \"" + field
                            + "\" names was synced or discarded meanwhile: open the case again and choose it again.");
        }
    }
    return {};
}

// The cached row (version, case, data), refused when it is not there or its removal waits.
Result<cache::CacheRow> cachedRow(const cache::CacheDatabase& cache, const std::string& table, const std::string& rowId)
{
    auto current = cache.query("SELECT r.version, r.case_id, r.data, EXISTS (SELECT 1 FROM outbox o WHERE o.kind = "
                               "'delete' AND o.table_name = r.table_name AND o.row_id = r.row_id) FROM cached_rows r "
                               "WHERE r.table_name = ?1 AND r.row_id = ?2",
                               {table, rowId});
    if (!current) {
        return std::unexpected(current.error());
    }
    if (current->empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "This " + table + " row is not in the offline cache: check the case out first.");
    }
    if (current->front()[3].value_or("0") != "0") {
        return fail(ErrorCode::InvalidArgument, "This " + table + " row was removed on this computer.");
    }
    return current->front();
}

} // namespace

OfflineEdits::OfflineEdits(const cache::CacheDatabase& cache)
    : m_cache(cache)
{}

Result<std::string>
OfflineEdits::edit(const std::string& table, const std::string& rowId, const ChangedFields& changed) const
{
    if (changed.empty()) {
        return fail(ErrorCode::InvalidArgument, "An edit changes at least one field.");
    }
    const std::string entryId = randomUuid();
    auto done = m_cache.transaction([&]() -> Result<void> {
        auto current = cachedRow(m_cache, table, rowId);
        if (!current) {
            return std::unexpected(current.error());
        }
        if (auto named = checkLocalReferences(m_cache, changed); !named) {
            return named;
        }
        const std::string baseVersion = (*current)[0].value_or("0");
        json::error_code unreadable;
        json::value data = json::parse((*current)[2].value_or("{}"), unreadable);
        if (unreadable || !data.is_object()) {
            return fail(ErrorCode::Internal,
                        "This " + table + " row in the offline cache cannot be read: check the case out again.",
                        "cached row is not a JSON object");
        }
        const auto fields = objectOf(changed);
        json::object before;
        for (const auto& field : fields) {
            const auto* was = data.as_object().if_contains(field.key());
            before[field.key()] = was != nullptr ? *was : json::value(nullptr);
            data.as_object()[field.key()] = field.value();
        }
        auto updated = m_cache.query("UPDATE cached_rows SET data = ?3 WHERE table_name = ?1 AND row_id = ?2",
                                     {table, rowId, json::serialize(data)});
        if (!updated) {
            return std::unexpected(updated.error());
        }
        return queue(m_cache,
                     entryId,
                     "edit",
                     table,
                     rowId,
                     (*current)[1].value_or(""),
                     baseVersion,
                     json::serialize(fields),
                     json::serialize(before));
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return entryId;
}

Result<std::string>
OfflineEdits::add(const std::string& table, const std::string& caseId, const ChangedFields& fields) const
{
    if (fields.empty()) {
        return fail(ErrorCode::InvalidArgument, "A new row has at least one field.");
    }
    const std::string rowId = std::string(kLocalRowPrefix) + randomUuid();
    auto done = m_cache.transaction([&]() -> Result<void> {
        if (auto taken = checkedOut(m_cache, caseId); !taken) {
            return taken;
        }
        if (auto named = checkLocalReferences(m_cache, fields); !named) {
            return named;
        }
        const auto values = objectOf(fields);
        auto data = values;
        data["id"] = rowId;
        data["case_id"] = caseId;
        auto stored = m_cache.query("INSERT INTO cached_rows (table_name, row_id, case_id, version, change_seq, data) "
                                    "VALUES (?1, ?2, ?3, 0, 0, ?4)",
                                    {table, rowId, caseId, json::serialize(data)});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        return queue(m_cache, randomUuid(), "insert", table, rowId, caseId, "0", json::serialize(values), "{}");
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return rowId;
}

Result<std::string>
OfflineEdits::linkFirm(const std::string& caseId, const std::string& firmId, const std::string& role) const
{
    if (std::ranges::find(cases::kFirmRoles, role) == cases::kFirmRoles.end()) {
        return fail(ErrorCode::InvalidArgument, "\"" + role + "\" is not a firm's role in a case.");
    }
    if (firmId.empty() || firmId.size() > 18
        || !std::ranges::all_of(firmId, [](unsigned char c) { return std::isdigit(c) != 0; })) {
        return fail(ErrorCode::InvalidArgument, "Choose a firm on record to link to the case.");
    }
    const std::string rowId = firmLinkRow(caseId, firmId, role);
    auto done = m_cache.transaction([&]() -> Result<void> {
        if (auto taken = checkedOut(m_cache, caseId); !taken) {
            return taken;
        }
        // The firm's row as a cached link holds it (SQLCipher 3.4.1's SQLite has no JSON functions).
        auto links = m_cache.query("SELECT row_id, data FROM cached_rows WHERE table_name = 'case_firms'");
        if (!links) {
            return std::unexpected(links.error());
        }
        const auto held = std::ranges::find_if(*links, [&](const auto& link) {
            return JsonFields::textOf(JsonFields::objectOf(link[1].value_or("{}")), "firm_id") == firmId;
        });
        if (held == links->end()) {
            return fail(ErrorCode::InvalidArgument,
                        "This firm is not on this computer: a firm no checked-out case names needs the network.");
        }
        if (std::ranges::any_of(*links, [&](const auto& link) { return link[0] == rowId; })) {
            auto waiting = m_cache.queryValue(
                "SELECT count(*) FROM outbox WHERE table_name = 'case_firms' AND row_id = ?1", {rowId});
            if (!waiting) {
                return std::unexpected(waiting.error());
            }
            return fail(ErrorCode::InvalidArgument,
                        waiting->value_or("0") != "0"
                            ? "This firm's link in that role waits for the sync: sync before linking it again."
                            : "The firm already has that role in this case.");
        }
        const auto heldData = JsonFields::objectOf((*held)[1].value_or("{}"));
        const auto* firm = heldData.if_contains("firm");
        const json::object fields{{"firm_id", firmId}, {"firm_role", role}};
        json::object data{{"case_id", caseId}, {"firm_id", std::stoll(firmId)}, {"firm_role", role}, {"version", 0}};
        data["firm"] = firm != nullptr ? *firm : json::value(json::object());
        auto stored = m_cache.query("INSERT INTO cached_rows (table_name, row_id, case_id, version, change_seq, data) "
                                    "VALUES ('case_firms', ?1, ?2, 0, 0, ?3)",
                                    {rowId, caseId, json::serialize(data)});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        return queue(m_cache, randomUuid(), "insert", "case_firms", rowId, caseId, "0", json::serialize(fields), "{}");
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return rowId;
}

Result<std::string>
OfflineEdits::addPerson(const std::string& caseId, const cases::NewPerson& person, bool piiHolder) const
{
    if (auto problem = cases::CasePeople::problem(person.kind, person.source, person.declined)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    json::array declined;
    for (const auto& field : person.declined) {
        declined.emplace_back(field);
    }
    json::object pii;
    for (std::size_t f = 0; f < cases::kPiiFields.size(); ++f) {
        if (auto problem = cases::CasePeople::problem(cases::kPiiFields[f], person.pii[f])) {
            return fail(ErrorCode::InvalidArgument, *problem);
        }
        if (!person.pii[f].empty()) {
            pii[cases::kPiiFields[f]] = person.pii[f];
        }
    }
    if (!pii.empty() && !piiHolder) {
        return fail(ErrorCode::ConnectionRefused, "Entering a person's PII needs the PII grant.");
    }
    const auto given = [&](const char* field) -> std::optional<std::string_view> {
        const auto* value = pii.if_contains(field);
        return value != nullptr ? std::optional<std::string_view>(value->as_string()) : std::nullopt;
    };
    const auto masked = [](std::optional<std::string> value) {
        return value ? json::value(*value) : json::value();
    };
    const std::string id = randomUuid();
    json::object data{{"id", id},
                      {"case_id", caseId},
                      {"kind", person.kind},
                      {"source", person.source},
                      {"declined_fields", declined},
                      {"name_masked", masked(model::PiiMask::name(given("full_name")))},
                      {"title_masked", masked(model::PiiMask::text(given("title")))},
                      {"email_masked", masked(model::PiiMask::email(given("email")))},
                      {"phone_masked", masked(model::PiiMask::phone(given("phone")))},
                      {"address_masked", masked(model::PiiMask::text(given("address")))},
                      {"version", 0}};
    const json::object fields{
        {"kind", person.kind}, {"source", person.source}, {"declined_fields", declined}, {"pii", pii}};
    auto done = m_cache.transaction([&]() -> Result<void> {
        if (auto taken = checkedOut(m_cache, caseId); !taken) {
            return taken;
        }
        auto stored = m_cache.query("INSERT INTO cached_rows (table_name, row_id, case_id, version, change_seq, data) "
                                    "VALUES ('people', ?1, ?2, 0, 0, ?3)",
                                    {id, caseId, json::serialize(data)});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        if (!pii.empty()) {
            auto held = m_cache.query("INSERT INTO cached_rows (table_name, row_id, case_id, version, change_seq, "
                                      "data) VALUES ('people_pii', ?1, ?2, 0, 0, ?3)",
                                      {id, caseId, json::serialize(pii)});
            if (!held) {
                return std::unexpected(held.error());
            }
        }
        return queue(m_cache, randomUuid(), "insert", "people", id, caseId, "0", json::serialize(fields), "{}");
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return id;
}

Result<std::string> OfflineEdits::correctPii(const std::string& personId,
                                             const std::string& field,
                                             const std::string& value,
                                             const std::string& reason,
                                             bool mayCorrect) const
{
    if (!mayCorrect) {
        return fail(ErrorCode::ConnectionRefused, "Only officers and investigators with PII access may correct PII.");
    }
    if (std::ranges::find(cases::kPiiFields, field) == cases::kPiiFields.end()) {
        return fail(ErrorCode::InvalidArgument, "\"" + field + "\" is not a PII field.");
    }
    if (std::ranges::all_of(reason, [](unsigned char c) { return std::isspace(c) != 0; })) {
        return fail(ErrorCode::InvalidArgument, "A correction needs its reason.");
    }
    if (auto problem = cases::CasePeople::problem(field, value)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    const std::string entryId = randomUuid();
    auto done = m_cache.transaction([&]() -> Result<void> {
        auto held = m_cache.query(
            "SELECT case_id, data FROM cached_rows WHERE table_name = 'people_pii' AND row_id = ?1", {personId});
        if (!held) {
            return std::unexpected(held.error());
        }
        if (held->empty()) {
            return fail(ErrorCode::InvalidArgument,
                        "This person's PII is not on this laptop: correct it online (or after the next sync).");
        }
        auto pii = JsonFields::objectOf(held->front()[1].value_or("{}"));
        const auto* prior = pii.if_contains(field);
        const json::object before{{field, prior != nullptr ? *prior : json::value(nullptr)}};
        pii[field] = value;
        auto stored = m_cache.query("UPDATE cached_rows SET data = ?2 WHERE table_name = 'people_pii' AND row_id = ?1",
                                    {personId, json::serialize(pii)});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        return queue(m_cache,
                     entryId,
                     "edit",
                     "people_pii",
                     personId,
                     held->front()[0].value_or(""),
                     "0",
                     json::serialize(json::object{{field, value}, {"reason", reason}}),
                     json::serialize(before));
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return entryId;
}

Result<std::string> OfflineEdits::remove(const std::string& table, const std::string& rowId) const
{
    const std::string entryId = randomUuid();
    auto done = m_cache.transaction([&]() -> Result<void> {
        auto current = cachedRow(m_cache, table, rowId);
        if (!current) {
            return std::unexpected(current.error());
        }
        // The row as it was here: what the person is shown if the office changed it meanwhile.
        return queue(m_cache,
                     entryId,
                     "delete",
                     table,
                     rowId,
                     (*current)[1].value_or(""),
                     (*current)[0].value_or("0"),
                     "{}",
                     (*current)[2].value_or("{}"));
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return entryId;
}

Result<std::string> OfflineEdits::row(const std::string& table, const std::string& rowId) const
{
    auto data =
        m_cache.queryValue("SELECT data FROM cached_rows WHERE table_name = ?1 AND row_id = ?2", {table, rowId});
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!*data) {
        return fail(ErrorCode::InvalidArgument, "This " + table + " row is not in the offline cache.");
    }
    return **data;
}

Result<long long> OfflineEdits::pendingCount() const
{
    auto count = m_cache.queryValue("SELECT count(*) FROM outbox");
    if (!count) {
        return std::unexpected(count.error());
    }
    return std::stoll(count->value_or("0"));
}

} // namespace cms::core::sync
