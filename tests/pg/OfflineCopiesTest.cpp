// Hard copies printed offline (issue: hard copies, "printing offline records the entry in the
// cache and syncs it"): the case file read from a real SQLCipher cache, numbered by the laptop
// with a label printed on every page, and registered at the office by the next sync with the
// case's next copy number, once, however often it is sent. A PII-holder's unredacted copy prints
// the PII her cache took at the last sync, and the reading is in the laptop's chain.
#include "core/print/CaseFileContent.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineCaseFile.h"
#include "core/sync/OfflineCopyUpload.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <regex>

using cms::core::sync::FieldWork;
using cms::core::sync::OfflineCaseFile;
using cms::core::sync::OfflineCopyUpload;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

// Every word a case file's content prints, one piece a line.
std::string textOf(const std::vector<cms::core::print::ContentBlock>& content)
{
    std::string text;
    for (const auto& block : content) {
        text += block.lead + block.text + "\n";
        for (const auto& [label, value] : block.fields) {
            text += label + " " + value + "\n";
        }
        for (const auto& row : block.rows) {
            for (const auto& value : row) {
                text += value + "\n";
            }
        }
    }
    return text;
}

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
    const auto text = textOf(cms::core::print::CaseFileContent::of(
        first->file, first->copy, cms::tests::DevEnvironment::get().config().print, "OLIVIA ORTEGA"));
    CHECK_THAT(text, Catch::Contains("Offline copy " + first->copy.offlineLabel + " (redacted"));
    CHECK_THAT(text, Catch::Contains("Heater 2"));
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
                                             "'{summary}', true, 'x', false, now(), 'X-1')",
                                             {entry, laptop.caseId});
    REQUIRE_FALSE(taken);
    CHECK_THAT(taken.error().message, Catch::Contains("registered by someone else"));
}

TEST_CASE("A PII-holder prints an unredacted copy offline from the PII her cache holds: the reading is in the "
          "laptop's chain and the office registers the copy as unredacted",
          "[pg][token][sync][print][pii]")
{
    Laptop laptop(1);
    const auto cached = cms::tests::addPurchaser(laptop.caseId, "Cordelia Ashbourne");
    const auto notCached = cms::tests::addPurchaser(laptop.caseId, "Evangeline Strathmore");
    const auto& cache = laptop.cache->database();
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    // As for a person whose PII the last sync could not bring: printed masked, and counted.
    REQUIRE(cache.query("DELETE FROM cached_rows WHERE table_name = 'people_pii' AND row_id = ?1", {notCached}));
    const auto chainLength = [&] {
        return cache.queryValue("SELECT count(*) FROM device_audit").value().value();
    };
    const auto before = chainLength();

    auto request = requestFor(laptop.caseId);
    request.redacted = false;
    request.leavesOffice = false;
    const auto preview = OfflineCaseFile::preview(cache, request);
    REQUIRE(preview);
    CHECK(preview->copy.redacted); // a preview shows no PII
    CHECK(preview->file.pii.empty());
    CHECK(chainLength() == before);

    const auto made = OfflineCaseFile::make(cache, request);
    REQUIRE(made);
    CHECK_FALSE(made->copy.redacted);
    const auto text = textOf(cms::core::print::CaseFileContent::of(
        made->file, made->copy, cms::tests::DevEnvironment::get().config().print, "OLIVIA ORTEGA"));
    CHECK_THAT(text, Catch::Contains("not redacted: holds PII"));
    CHECK_THAT(text, Catch::Contains("Cordelia Ashbourne") && Catch::Contains("(410) 555-0199"));
    CHECK_THAT(text, !Catch::Contains("Strathmore"));
    const auto read =
        cache.query("SELECT object_type, object_id, outcome, details FROM device_audit WHERE event_type = "
                    "'hard_copy.pii_read'");
    REQUIRE(read);
    REQUIRE(read->size() == 1);
    CHECK(read->front()[0] == std::optional<std::string>("offline_copies"));
    CHECK(read->front()[1] == std::optional<std::string>(made->copy.id));
    CHECK(read->front()[2] == std::optional<std::string>("success"));
    const auto details = read->front()[3].value_or("");
    CHECK_THAT(details, Catch::Contains("\"people\":1") && Catch::Contains("\"not_cached\":1"));
    CHECK_THAT(details, !Catch::Contains("Ashbourne") && !Catch::Contains("555-0199"));
    // A redacted copy reads no PII.
    const auto redacted = OfflineCaseFile::make(cache, requestFor(laptop.caseId));
    REQUIRE(redacted);
    CHECK(redacted->file.pii.empty());
    CHECK(cache.queryValue("SELECT count(*) FROM device_audit WHERE event_type = 'hard_copy.pii_read'").value()
          == std::optional<std::string>("1"));

    // The sync: the office's register says which copy holds PII, and the reading came with it.
    const auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK(synced->copiesRegistered == 2);
    CHECK(synced->audit.refusal.empty());
    const auto auditor = cms::tests::connectAs("aunger");
    const auto registered =
        must(auditor.connection,
             "SELECT string_agg((details->>'redacted') || ':' || coalesce(details->>'pii_grant_now', "
             "'-'), ',' ORDER BY (details->>'copy_number')::int) FROM cms_audit.events WHERE "
             "event_type = 'hard_copy.made' AND details->>'case_id' = $1",
             {laptop.caseId});
    CHECK(registered.text(0, 0) == "false:true,true:-");
    const auto atOffice =
        must(auditor.connection,
             "SELECT e.outcome, (e.details->>'offline')::boolean, e.details->>'people', "
             "e.details::text, h.copy_number, h.redacted FROM cms_audit.events e JOIN cms.hard_copies h "
             "ON h.offline_entry::text = e.object_id WHERE e.event_type = 'hard_copy.pii_read' AND "
             "e.actor = 'oortega' AND e.details->>'case_id' = $1",
             {laptop.caseId});
    REQUIRE(atOffice.rows() == 1);
    CHECK(atOffice.text(0, 0) == "success");
    CHECK(atOffice.text(0, 1) == "t");
    CHECK(atOffice.text(0, 2) == "1");
    CHECK_THAT(atOffice.text(0, 3), !Catch::Contains("Ashbourne"));
    CHECK(atOffice.text(0, 4) == "1");
    CHECK(atOffice.text(0, 5) == "f");
}

TEST_CASE("Offline, an unredacted copy is refused without the PII grant and the refusal recorded, and a copy a "
          "modified client calls unredacted is registered as such and flagged",
          "[pg][token][sync][print][pii]")
{
    Laptop laptop("mmoore", cms::tests::newPortCase(1)); // the manager: no PII grant
    cms::tests::addPurchaser(laptop.caseId, "Ignatius Pemberton-Vale");
    const auto& cache = laptop.cache->database();
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    auto request = requestFor(laptop.caseId);
    request.redacted = false;
    const auto refused = OfflineCaseFile::make(cache, request);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("needs the PII grant"));
    CHECK(cache.queryValue("SELECT count(*) FROM offline_copies").value() == std::optional<std::string>("0"));
    CHECK(cache
              .queryValue("SELECT outcome || ' ' || object_id FROM device_audit WHERE event_type = "
                          "'hard_copy.pii_read'")
              .value()
          == std::optional<std::string>("refused " + laptop.caseId));

    // A modified client registering its copy as unredacted: the register keeps what it was told
    // (the paper exists either way) and the event says the holder has no grant.
    const auto redacted = OfflineCaseFile::make(cache, requestFor(laptop.caseId));
    REQUIRE(redacted);
    REQUIRE(cache.query("UPDATE offline_copies SET redacted = 0"));
    REQUIRE(OfflineCopyUpload::upload(cache, laptop.officer.connection).value() == 1);
    CHECK(
        must(adminConnection(),
             "SELECT h.redacted::text || ' ' || (e.details->>'pii_grant_now') FROM cms.hard_copies h JOIN "
             "cms_audit.events e ON e.object_id = h.id::text AND e.event_type = 'hard_copy.made' WHERE h.case_id = $1",
             {laptop.caseId})
            .text(0, 0)
        == "false false");
}
