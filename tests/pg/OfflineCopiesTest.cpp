// Hard copies printed offline (issue: hard copies, "printing offline records the entry in the
// cache and syncs it"): the case file read from a real SQLCipher cache (redacted: the cache holds
// no PII), numbered by the laptop with a label printed on every page, and registered at the
// office by the next sync with the case's next copy number, once, however often it is sent.
#include "core/print/CaseFileHtml.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/OfflineCaseFile.h"
#include "core/sync/OfflineCopyUpload.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <regex>

using cms::core::sync::OfflineCaseFile;
using cms::core::sync::OfflineCopyUpload;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

cms::core::print::CopyRequest requestFor(const std::string& caseId)
{
    cms::core::print::CopyRequest request;
    request.caseId = caseId;
    request.kind = "pdf";
    request.sections = {"summary", "products", "people"};
    request.purpose = "Site visit";
    request.leavesOffice = true;
    return request;
}

} // namespace

TEST_CASE("A case file printed offline carries the laptop's label and is registered at the office by the next sync, "
          "once",
          "[pg][token][sync][print]")
{
    Laptop laptop(2);
    REQUIRE(cms::core::sync::CacheOwner::remember(laptop.cache->database(), laptop.officer.connection));
    const auto& cache = laptop.cache->database();
    const auto request = requestFor(laptop.caseId);

    // What the cache cannot print is refused in words, and nothing is registered.
    auto unredacted = request;
    unredacted.redacted = false;
    const auto refusedPii = OfflineCaseFile::make(cache, unredacted);
    REQUIRE_FALSE(refusedPii);
    CHECK_THAT(refusedPii.error().message, Catch::Contains("always redacted"));
    auto withHistory = request;
    withHistory.sections.emplace_back("history");
    REQUIRE_FALSE(OfflineCaseFile::make(cache, withHistory));
    auto noPurpose = request;
    noPurpose.purpose = "  ";
    REQUIRE_FALSE(OfflineCaseFile::make(cache, noPurpose));
    CHECK(cache.queryValue("SELECT count(*) FROM offline_copies").value() == std::optional<std::string>("0"));

    const auto first = OfflineCaseFile::make(cache, request);
    REQUIRE(first);
    CHECK(first->copy.copyNumber == 0);
    CHECK(first->copy.redacted);
    CHECK(std::regex_match(first->copy.offlineLabel, std::regex("[0-9A-F]{4}-1")));
    CHECK(first->file.rows.at("products").size() == 2);
    const auto html = cms::core::print::CaseFileHtml::render(
        first->file, first->copy, cms::tests::DevEnvironment::get().config().print, "OLIVIA ORTEGA");
    CHECK_THAT(html, Catch::Contains("Offline copy " + first->copy.offlineLabel + " (redacted"));
    CHECK_THAT(html, Catch::Contains("Heater 2"));
    const auto second = OfflineCaseFile::make(cache, request);
    REQUIRE(second);
    CHECK(second->copy.offlineLabel.ends_with("-2"));
    const auto preview = OfflineCaseFile::preview(cache, request);
    REQUIRE(preview);
    CHECK(preview->copy.id.empty()); // a preview is not a copy
    CHECK(cache.queryValue("SELECT count(*) FROM offline_copies").value() == std::optional<std::string>("2"));

    // The sync: the case's next numbers, the time printed, the labels, the events.
    const auto admin = adminConnection();
    const auto registered = OfflineCopyUpload::upload(cache, laptop.officer.connection);
    REQUIRE(registered);
    CHECK(*registered == 2);
    const auto atOffice = must(admin,
                               "SELECT copy_number, offline_label, holder::text, redacted, leaves_office, "
                               "made_at <= now() AND made_at > now() - interval '5 minutes' FROM cms.hard_copies "
                               "WHERE case_id = $1 ORDER BY copy_number",
                               {laptop.caseId});
    REQUIRE(atOffice.rows() == 2);
    CHECK(atOffice.text(0, 0) == "1");
    CHECK(atOffice.text(0, 1) == first->copy.offlineLabel);
    CHECK(atOffice.text(1, 1) == second->copy.offlineLabel);
    CHECK(atOffice.text(0, 2) == "oortega");
    CHECK(atOffice.text(0, 3) == "t");
    CHECK(atOffice.text(0, 4) == "t");
    CHECK(atOffice.text(0, 5) == "t");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'hard_copy.made' AND actor = 'oortega' AND "
               "details->>'case_id' = $1 AND (details->>'offline')::boolean AND details->>'offline_label' = $2",
               {laptop.caseId, first->copy.offlineLabel})
              .text(0, 0)
          == "1");
    CHECK(cache
              .queryValue("SELECT group_concat(copy_number, ',') FROM (SELECT copy_number FROM offline_copies ORDER "
                          "BY copy_number)")
              .value()
          == std::optional<std::string>("1,2"));

    // Nothing new the next time; and an entry sent again (its reply lost) registers nothing new.
    CHECK(OfflineCopyUpload::upload(cache, laptop.officer.connection).value() == 0);
    REQUIRE(cache.query("UPDATE offline_copies SET copy_id = NULL, copy_number = NULL"));
    CHECK(OfflineCopyUpload::upload(cache, laptop.officer.connection).value() == 2);
    CHECK(must(admin, "SELECT count(*) FROM cms.hard_copies WHERE case_id = $1", {laptop.caseId}).text(0, 0) == "2");
    CHECK(cache
              .queryValue("SELECT group_concat(copy_number, ',') FROM (SELECT copy_number FROM offline_copies ORDER "
                          "BY copy_number)")
              .value()
          == std::optional<std::string>("1,2"));

    // Someone else cannot pass off the laptop's entry as theirs.
    const auto entry = cache.queryValue("SELECT entry_id FROM offline_copies ORDER BY label LIMIT 1").value().value();
    const auto other = cms::tests::connectAs("iibarra");
    const auto taken = other.connection.exec("SELECT * FROM cms.register_offline_copy($1::uuid, $2, 'pdf', "
                                             "'{summary}', 'x', false, now(), 'X-1')",
                                             {entry, laptop.caseId});
    REQUIRE_FALSE(taken);
    CHECK_THAT(taken.error().message, Catch::Contains("registered by someone else"));
}
