// PII for field work (issue: offline field work, "PII only for PII-holders"): a PII-holder's
// laptop takes the PII of its cases' people into the encrypted cache, recorded case by case by
// the server; a field revealed offline is recorded in the laptop's chain and reaches the office
// at the next sync; a correction at the office replaces the cached value; a laptop whose owner
// has no grant (or no longer has it) holds none.
#include "core/sync/CachedCaseList.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineReveal.h"
#include "core/sync/PiiCheckout.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::cases::CaseListFilter;
using cms::core::sync::CachedCaseList;
using cms::core::sync::FieldWork;
using cms::core::sync::OfflineReveal;
using cms::core::sync::PiiCheckout;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

std::string
cached(const Laptop& laptop, const std::string& sql, const std::vector<cms::core::cache::CacheValue>& params)
{
    return laptop.cache->database().queryValue(sql, params).value().value_or("");
}

} // namespace

TEST_CASE("A PII-holder's laptop takes its cases' PII, recorded case by case, and a field revealed offline reaches "
          "the office's trail at the next sync",
          "[pg][token][sync][pii]")
{
    Laptop laptop(1);
    const auto person = cms::tests::addPurchaser(laptop.caseId, "Wilhelmina Thackeray");
    const auto& cache = laptop.cache->database();
    const auto auditor = cms::tests::connectAs("aunger");
    const auto checkouts = [&] {
        return must(auditor.connection,
                    "SELECT count(*), string_agg(details::text, ' ') FROM cms_audit.events WHERE event_type = "
                    "'pii.checkout' AND object_id = $1 AND actor = 'oortega' AND outcome = 'success'",
                    {laptop.caseId});
    };

    const auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK(synced->pii.piiHolder);
    CHECK(synced->pii.peopleTaken == 1);
    CHECK(cached(laptop,
                 "SELECT count(*) FROM cached_rows WHERE table_name = 'people_pii' AND case_id = ?1",
                 {laptop.caseId})
          == "1");
    auto taken = checkouts();
    CHECK(taken.text(0, 0) == "1");
    CHECK_THAT(taken.text(0, 1), Catch::Contains("\"people\": 1") && !Catch::Contains("Thackeray"));

    // Asked once: a sync with nothing new asks nothing.
    const auto idle = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(idle);
    CHECK(idle->pii.peopleTaken == 0);
    CHECK(checkouts().text(0, 0) == "1");

    // Offline: the name revealed from the cache; a field not given and a person not cached named.
    CHECK(OfflineReveal::reveal(cache, true, laptop.caseId, person, "full_name").value() == "Wilhelmina Thackeray");
    const auto noEmail = OfflineReveal::reveal(cache, true, laptop.caseId, person, "email");
    REQUIRE_FALSE(noEmail);
    CHECK_THAT(noEmail.error().message, Catch::Contains("No value is on record"));
    const auto stranger = "00000000-0000-4000-8000-000000000001";
    const auto notHere = OfflineReveal::reveal(cache, true, laptop.caseId, stranger, "full_name");
    REQUIRE_FALSE(notHere);
    CHECK_THAT(notHere.error().message, Catch::Contains("not on this laptop"));
    CHECK_FALSE(OfflineReveal::reveal(cache, true, laptop.caseId, person, "version"));
    CHECK(cached(laptop, "SELECT count(*) FROM device_audit WHERE event_type = 'pii.reveal'", {}) == "3");
    CHECK(cached(laptop, "SELECT count(*) FROM device_audit WHERE details LIKE '%Thackeray%'", {}) == "0");

    // The next sync takes the reveals to the office, with the device's marks.
    const auto sent = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(sent);
    CHECK(sent->audit.refusal.empty());
    const auto reveals = must(auditor.connection,
                              "SELECT outcome, details->>'field', details->>'offline', details::text FROM "
                              "cms_audit.events WHERE event_type = 'pii.reveal' AND object_id = $1 ORDER BY id",
                              {person});
    REQUIRE(reveals.rows() == 2);
    CHECK(reveals.text(0, 0) == "success");
    CHECK(reveals.text(0, 1) == "full_name");
    CHECK(reveals.text(0, 2) == "true");
    CHECK(reveals.text(1, 0) == "failure");
    CHECK(reveals.text(1, 1) == "email");
    CHECK_THAT(reveals.text(0, 3) + reveals.text(1, 3), !Catch::Contains("Thackeray"));

    // Corrected at the office: the next sync replaces the cached value, and records taking it.
    const auto officer = laptop.officer.connection.exec(
        "SELECT cms.correct_pii($1, 'full_name', 'Wilhelmina Thackeray-Oduya', 'Married name on the recall form')",
        {person});
    REQUIRE(officer);
    const auto corrected = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(corrected);
    CHECK(corrected->pii.peopleTaken == 1);
    CHECK(OfflineReveal::reveal(cache, true, laptop.caseId, person, "full_name").value()
          == "Wilhelmina Thackeray-Oduya");
    CHECK(checkouts().text(0, 0) == "2");

    // A cache owner without the grant (as remembered at the last sync) is refused, and recorded.
    const auto refused = OfflineReveal::reveal(cache, false, laptop.caseId, person, "full_name");
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("needs the PII grant"));
    CHECK(
        cached(laptop, "SELECT count(*) FROM device_audit WHERE event_type = 'pii.reveal' AND outcome = 'refused'", {})
        == "1");

    // Given back: the PII leaves with the case.
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    REQUIRE(FieldWork::returnCases(cache, laptop.officer.connection, {laptop.caseId}));
    CHECK(cached(laptop,
                 "SELECT count(*) FROM cached_rows WHERE table_name = 'people_pii' AND case_id = ?1",
                 {laptop.caseId})
          == "0");
}

TEST_CASE("Offline a PII-holder searches the names the cache holds, recorded in the laptop's chain without the name",
          "[pg][token][sync][pii]")
{
    Laptop laptop(1);
    cms::tests::addPurchaser(laptop.caseId, "Peregrine Oyelaran-Stokes");
    const auto& cache = laptop.cache->database();
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));

    const CachedCaseList list(cache);
    CaseListFilter filter;
    filter.personName = "  oyelaran PEREGRINE ";
    REQUIRE(list.count(filter) == 1);
    const auto found = list.page(filter, 0, 10);
    REQUIRE(found);
    REQUIRE(found->size() == 1);
    CHECK(found->front().id == laptop.caseId);
    filter.personName = "Peregrine Thackeray"; // every word must be in the name
    CHECK(list.count(filter) == 0);
    CHECK(cached(laptop, "SELECT count(*) FROM device_audit WHERE event_type = 'search.person_name'", {}) == "2");
    CHECK(cached(laptop, "SELECT count(*) FROM device_audit WHERE event_type = 'search.cases'", {}) == "2");
    CHECK(cached(laptop,
                 "SELECT count(*) FROM device_audit WHERE lower(details) LIKE '%peregrine%' OR lower(details) LIKE "
                 "'%thackeray%'",
                 {})
          == "0");

    // At the office with the next sync: that a name search happened offline, never the name.
    const auto sent = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(sent);
    CHECK(sent->audit.refusal.empty());
    const auto auditor = cms::tests::connectAs("aunger");
    const auto arrived =
        must(auditor.connection,
             "SELECT count(*), bool_or(details::text ILIKE '%peregrine%') FROM cms_audit.events WHERE event_type = "
             "'search.person_name' AND actor = 'oortega' AND received_at > now() - interval '5 "
             "minutes' AND details->>'offline' = 'true'");
    CHECK(std::stoi(arrived.text(0, 0)) >= 2);
    CHECK(arrived.text(0, 1) == "f");
}

TEST_CASE("A laptop whose owner holds no PII grant takes no PII, and loses what it held when the grant is gone",
          "[pg][token][sync][pii]")
{
    Laptop laptop("mmoore", cms::tests::newPortCase(1)); // the manager: no PII grant
    const auto person = cms::tests::addPurchaser(laptop.caseId, "Bartholomew Quennell");
    const auto& cache = laptop.cache->database();
    const auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK_FALSE(synced->pii.piiHolder);
    CHECK(cached(laptop, "SELECT count(*) FROM cached_rows WHERE table_name = 'people'", {}) == "1");
    CHECK(cached(laptop, "SELECT count(*) FROM cached_rows WHERE table_name = 'people_pii'", {}) == "0");

    // Offline, no name search without the grant, and the refusal is in the laptop's chain.
    CaseListFilter byName;
    byName.personName = "Quennell";
    const auto refusedSearch = CachedCaseList(cache).count(byName);
    REQUIRE_FALSE(refusedSearch);
    CHECK_THAT(refusedSearch.error().message, Catch::Contains("needs the PII grant"));
    CHECK(cached(laptop,
                 "SELECT count(*) FROM device_audit WHERE event_type = 'search.person_name' AND outcome = 'refused'",
                 {})
          == "1");

    // As when the grant was withdrawn after a sync that brought PII: the next sync takes it out.
    REQUIRE(cache.query("INSERT INTO cached_rows VALUES ('people_pii', ?1, ?2, 0, 0, ?3)",
                        {person, laptop.caseId, R"({"full_name": "Bartholomew Quennell"})"}));
    const auto withdrawn = PiiCheckout(cache, laptop.officer.connection).refresh();
    REQUIRE(withdrawn);
    CHECK(withdrawn->peopleRemoved == 1);
    CHECK(cached(laptop, "SELECT count(*) FROM cached_rows WHERE table_name = 'people_pii'", {}) == "0");

    // A modified client asking anyway gets nothing, and the refusal is recorded.
    CHECK(must(laptop.officer.connection, "SELECT count(*) FROM cms.checkout_pii(ARRAY[$1::uuid])", {person}).text(0, 0)
          == "0");
    const auto auditor = cms::tests::connectAs("aunger");
    CHECK_THAT(must(auditor.connection,
                    "SELECT outcome || ' ' || details::text FROM cms_audit.events WHERE event_type = 'pii.checkout' "
                    "AND actor = 'mmoore' ORDER BY id DESC LIMIT 1")
                   .text(0, 0),
               Catch::StartsWith("refused") && Catch::Contains("no PII grant"));
}
