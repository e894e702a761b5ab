#include "core/sync/OfflineReveal.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/cases/CasePeople.h"
#include "core/sync/JsonFields.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

namespace cms::core::sync {

namespace {

Result<void> record(const cache::CacheDatabase& cache,
                    const std::string& caseId,
                    const std::string& personId,
                    const std::string& field,
                    const std::string& outcome,
                    const std::string& cause)
{
    boost::json::object details{{"field", field}, {"case_id", caseId}};
    if (!cause.empty()) {
        details["cause"] = cause;
    }
    auto appended = cache::DeviceAuditChain(cache).append(
        "pii.reveal", "person", personId, outcome, boost::json::serialize(details), std::chrono::system_clock::now());
    if (!appended) {
        return std::unexpected(appended.error());
    }
    return {};
}

} // namespace

Result<std::string> OfflineReveal::reveal(const cache::CacheDatabase& cache,
                                          bool piiHolder,
                                          const std::string& caseId,
                                          const std::string& personId,
                                          const std::string& field)
{
    if (std::ranges::find(cases::kPiiFields, field) == cases::kPiiFields.end()) {
        return fail(ErrorCode::InvalidArgument, "\"" + field + "\" is not a PII field.");
    }
    // No reveal goes unrecorded: when the chain cannot take the event, nothing is shown.
    if (!piiHolder) {
        if (auto recorded = record(cache, caseId, personId, field, "refused", "no PII grant"); !recorded) {
            return std::unexpected(recorded.error());
        }
        return fail(ErrorCode::ConnectionRefused, "Revealing PII needs the PII grant (the attempt is recorded).");
    }
    auto data = cache.queryValue(
        "SELECT data FROM cached_rows WHERE table_name = 'people_pii' AND row_id = ?1 AND case_id = ?2",
        {personId, caseId});
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!data->has_value()) {
        if (auto recorded = record(cache, caseId, personId, field, "failure", "not in the cache"); !recorded) {
            return std::unexpected(recorded.error());
        }
        return fail(ErrorCode::InvalidArgument,
                    "This person's PII is not on this laptop: it comes with the next sync (the attempt is recorded).");
    }
    const auto value = JsonFields::textOf(JsonFields::objectOf(**data), field);
    if (auto recorded = record(cache, caseId, personId, field, value ? "success" : "failure", value ? "" : "no value");
        !recorded) {
        return std::unexpected(recorded.error());
    }
    if (!value) {
        return fail(ErrorCode::InvalidArgument, "No value is on record for this field (the attempt is recorded).");
    }
    return *value;
}

} // namespace cms::core::sync
