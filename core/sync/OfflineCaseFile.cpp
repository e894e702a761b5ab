#include "core/sync/OfflineCaseFile.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/cases/CasePeople.h"
#include "core/common/RandomUuid.h"
#include "core/common/UtcTime.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/JsonFields.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <map>

namespace cms::core::sync {

namespace {

// The copy as it will be registered (and read back): what the request asks, by its owner.
print::HardCopy copyOf(const print::CopyRequest& request, const std::vector<std::string>& sections)
{
    print::HardCopy copy;
    copy.caseId = request.caseId;
    copy.kind = request.kind;
    copy.sections = sections;
    copy.redacted = true; // what a preview shows; a copy made says what it is
    copy.purpose = request.purpose;
    copy.leavesOffice = request.leavesOffice;
    return copy;
}

// Recorded in the laptop's chain as the server records the PII it releases for a copy online
// (`hard_copy.pii_read`): how many people, never a value.
// The object: the laptop's register entry (the office keeps its id as the copy's offline entry),
// or the case when the reading was refused.
Result<void> recordPiiRead(const cache::CacheDatabase& cache,
                           const std::string& objectType,
                           const std::string& objectId,
                           const std::string& outcome,
                           boost::json::object details)
{
    auto appended = cache::DeviceAuditChain(cache).append("hard_copy.pii_read",
                                                          objectType,
                                                          objectId,
                                                          outcome,
                                                          boost::json::serialize(details),
                                                          std::chrono::system_clock::now());
    if (!appended) {
        return std::unexpected(appended.error());
    }
    return {};
}

// The PII the cache took for the case's people at the last sync (PiiCheckout), by person id in
// kPiiFields' order, for the people the copy prints; `missing` counts those the cache holds none
// for (added since the last sync): they print masked.
Result<std::map<std::string, std::array<std::string, 5>>>
cachedPii(const cache::CacheDatabase& cache, const print::CaseFile& file, int& missing)
{
    auto rows = cache.query("SELECT row_id, data FROM cached_rows WHERE table_name = 'people_pii' AND case_id = ?1",
                            {file.summary.id});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::map<std::string, std::array<std::string, 5>> pii;
    for (const auto& row : *rows) {
        const auto fields = JsonFields::objectOf(row[1].value_or("{}"));
        auto& values = pii[row[0].value_or("")];
        for (std::size_t f = 0; f < cases::kPiiFields.size(); ++f) {
            values[f] = JsonFields::textOf(fields, cases::kPiiFields[f]).value_or("");
        }
    }
    missing = static_cast<int>(
        std::ranges::count_if(file.people, [&](const cases::CasePerson& person) { return !pii.contains(person.id); }));
    return pii;
}

} // namespace

Result<print::CaseFile> OfflineCaseFile::load(const cache::CacheDatabase& cache,
                                              const std::string& caseId,
                                              const std::vector<std::string>& sections)
{
    print::CaseFile file;
    for (const auto& section : sections) {
        if (std::ranges::find(print::caseFileSections(), section) == print::caseFileSections().end()) {
            return fail(ErrorCode::InvalidArgument, "A case file has no section \"" + section + "\".");
        }
        if (section == "history") {
            return fail(ErrorCode::InvalidArgument,
                        "The case's history is the server's audit trail: print it when you are online.");
        }
    }
    for (const auto& section : print::caseFileSections()) {
        if (std::ranges::find(sections, section) != sections.end()) {
            file.sections.push_back(section); // in the file's order, whatever the order asked
        }
    }
    const CachedCaseStore store(cache);
    auto summary = store.load(caseId);
    if (!summary) {
        return std::unexpected(summary.error());
    }
    file.summary = std::move(*summary);
    for (const auto& section : file.sections) {
        if (section == "firms") {
            auto firms = store.firms(caseId);
            if (!firms) {
                return std::unexpected(firms.error());
            }
            file.firms = std::move(*firms);
        } else if (section == "people") {
            auto people = store.people(caseId);
            if (!people) {
                return std::unexpected(people.error());
            }
            file.people = std::move(*people);
        } else if (const auto* spec = cases::CaseRowSpec::ofTable(section)) {
            auto rows = store.rows(*spec, caseId);
            if (!rows) {
                return std::unexpected(rows.error());
            }
            for (const auto& column : spec->columns) {
                auto offered = store.choices(column, caseId, *rows);
                if (!offered) {
                    return std::unexpected(offered.error());
                }
                if (!offered->empty()) {
                    file.labels[section][column.name] = std::move(*offered);
                }
            }
            file.rows[section] = std::move(*rows);
        }
    }
    return file;
}

Result<print::CaseFileCopy> OfflineCaseFile::make(const cache::CacheDatabase& cache, const print::CopyRequest& request)
{
    if (request.sections.empty()) {
        return fail(ErrorCode::InvalidArgument, "Choose at least one section to print.");
    }
    if (std::ranges::all_of(request.purpose, [](unsigned char c) { return std::isspace(c) != 0; })) {
        return fail(ErrorCode::InvalidArgument, "Purpose: say what the copy is for (it goes in the register).");
    }
    // Read first: a case file that cannot be read is never registered.
    auto made = preview(cache, request);
    if (!made) {
        return made;
    }
    auto owner = CacheOwner::read(cache);
    if (!owner) {
        return std::unexpected(owner.error());
    }
    if (!request.redacted && !owner->piiHolder) {
        if (auto recorded = recordPiiRead(cache,
                                          "cms.cases",
                                          request.caseId,
                                          "refused",
                                          {{"case_id", request.caseId}, {"cause", "no PII grant"}});
            !recorded) {
            return std::unexpected(recorded.error());
        }
        return fail(ErrorCode::ConnectionRefused,
                    "An unredacted copy needs the PII grant: print a redacted one (the attempt is recorded).");
    }
    auto device = cache::DeviceAuditChain(cache).deviceId();
    if (!device) {
        return std::unexpected(device.error());
    }
    auto& copy = made->copy;
    copy.id = randomUuid();
    copy.redacted = request.redacted;
    const auto printedAt = utcIsoTime(std::chrono::system_clock::now());
    copy.madeAt = printedAt.substr(0, 10) + " " + printedAt.substr(11, 5);
    std::string deviceTag = device->substr(0, 4);
    std::ranges::transform(deviceTag, deviceTag.begin(), [](unsigned char c) { return std::toupper(c); });
    boost::json::array sections;
    for (const auto& section : copy.sections) {
        sections.emplace_back(section);
    }
    const bool printsPii = !copy.redacted && std::ranges::find(copy.sections, "people") != copy.sections.end();
    // The entry, the PII it prints and the event of that reading: all three, or none.
    auto registered = cache.transaction([&]() -> Result<void> {
        auto count = cache.queryValue("SELECT count(*) FROM offline_copies");
        if (!count) {
            return std::unexpected(count.error());
        }
        copy.offlineLabel = deviceTag + "-" + std::to_string(std::stoll(count->value_or("0")) + 1);
        auto stored = cache.query("INSERT INTO offline_copies (entry_id, case_id, label, kind, sections, redacted, "
                                  "purpose, leaves_office, printed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                  {copy.id,
                                   copy.caseId,
                                   copy.offlineLabel,
                                   copy.kind,
                                   boost::json::serialize(sections),
                                   copy.redacted ? "1" : "0",
                                   copy.purpose,
                                   copy.leavesOffice ? "1" : "0",
                                   printedAt});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        if (!printsPii) {
            return {};
        }
        int missing = 0;
        auto pii = cachedPii(cache, made->file, missing);
        if (!pii) {
            return std::unexpected(pii.error());
        }
        made->file.pii = std::move(*pii);
        return recordPiiRead(cache,
                             "offline_copies",
                             copy.id,
                             "success",
                             {{"case_id", copy.caseId},
                              {"offline_label", copy.offlineLabel},
                              {"people", static_cast<std::int64_t>(made->file.people.size()) - missing},
                              {"not_cached", missing}});
    });
    if (!registered) {
        return std::unexpected(registered.error());
    }
    return made;
}

Result<print::CaseFileCopy> OfflineCaseFile::preview(const cache::CacheDatabase& cache,
                                                     const print::CopyRequest& request)
{
    auto file = load(cache, request.caseId, request.sections);
    if (!file) {
        return std::unexpected(file.error());
    }
    auto owner = CacheOwner::read(cache);
    if (!owner) {
        return std::unexpected(owner.error());
    }
    auto copy = copyOf(request, file->sections);
    copy.holder = owner->loginRole;
    copy.purpose = request.purpose.empty() ? "preview" : request.purpose;
    return print::CaseFileCopy{std::move(copy), std::move(*file)};
}

} // namespace cms::core::sync
