#include "core/sync/OfflineCaseFile.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/common/RandomUuid.h"
#include "core/common/UtcTime.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/CachedCaseStore.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>

namespace cms::core::sync {

namespace {

// The copy as it will be registered (and read back): what the request asks, by its owner.
print::HardCopy copyOf(const print::CopyRequest& request, const std::vector<std::string>& sections)
{
    print::HardCopy copy;
    copy.caseId = request.caseId;
    copy.kind = request.kind;
    copy.sections = sections;
    copy.redacted = true;
    copy.purpose = request.purpose;
    copy.leavesOffice = request.leavesOffice;
    return copy;
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
    if (!request.redacted) {
        return fail(ErrorCode::InvalidArgument,
                    "An unredacted copy needs the network: copies printed offline are always redacted.");
    }
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
    auto device = cache::DeviceAuditChain(cache).deviceId();
    if (!device) {
        return std::unexpected(device.error());
    }
    auto& copy = made->copy;
    copy.id = randomUuid();
    const auto now = std::chrono::system_clock::now();
    const auto printedAt = utcIsoTime(now);
    copy.madeAt = printedAt.substr(0, 10) + " " + printedAt.substr(11, 5);
    std::string deviceTag = device->substr(0, 4);
    std::ranges::transform(deviceTag, deviceTag.begin(), [](unsigned char c) { return std::toupper(c); });
    boost::json::array sections;
    for (const auto& section : copy.sections) {
        sections.emplace_back(section);
    }
    auto registered = cache.transaction([&]() -> Result<void> {
        auto count = cache.queryValue("SELECT count(*) FROM offline_copies");
        if (!count) {
            return std::unexpected(count.error());
        }
        copy.offlineLabel = deviceTag + "-" + std::to_string(std::stoll(count->value_or("0")) + 1);
        auto stored = cache.query("INSERT INTO offline_copies (entry_id, case_id, label, kind, sections, purpose, "
                                  "leaves_office, printed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                  {copy.id,
                                   copy.caseId,
                                   copy.offlineLabel,
                                   copy.kind,
                                   boost::json::serialize(sections),
                                   copy.purpose,
                                   copy.leavesOffice ? "1" : "0",
                                   printedAt});
        if (!stored) {
            return std::unexpected(stored.error());
        }
        return {};
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
