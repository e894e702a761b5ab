// People added to a case on a laptop offline (issue: offline field work: the case form works
// offline as online): the person keeps the id drawn on the laptop, is shown at once with the
// masks the server would give, their PII (a PII-holder's only) waits in the encrypted cache, and
// the push adds them once (cms.apply_new_person, 0036). Real SQLCipher cache, SoftHSM cards, the
// dev server.
#include "core/model/PiiMask.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/ConflictResolver.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OfflineReveal.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>
#include <regex>

using cms::core::cases::NewPerson;
using cms::core::sync::CachedCaseStore;
using cms::core::sync::FieldWork;
using cms::core::sync::OfflineEdits;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

NewPerson purchaser(const std::string& name, const std::string& phone)
{
    return NewPerson{"purchaser", "individual", {"email"}, {name, "", "", phone, ""}};
}

} // namespace

TEST_CASE("People added offline reach the office once with the id drawn on the laptop, their PII from a PII-holder "
          "only and never in an event",
          "[pg][token][sync][pii]")
{
    Laptop laptop(1);
    const auto& cache = laptop.cache->database();
    const OfflineEdits edits(cache);
    const std::string name = "Rosalind Featherstonehaugh";

    // Refused in words, nothing queued.
    auto wrongKind = purchaser(name, "");
    wrongKind.kind = "landlord";
    CHECK_FALSE(edits.addPerson(laptop.caseId, wrongKind, true));
    auto wrongSource = purchaser(name, "");
    wrongSource.source = "rumour";
    CHECK_FALSE(edits.addPerson(laptop.caseId, wrongSource, true));
    auto wrongDeclined = purchaser(name, "");
    wrongDeclined.declined = {"kind"};
    CHECK_FALSE(edits.addPerson(laptop.caseId, wrongDeclined, true));
    auto wrongEmail = purchaser(name, "");
    wrongEmail.pii[2] = "not an address";
    CHECK_FALSE(edits.addPerson(laptop.caseId, wrongEmail, true));
    const auto noGrant = edits.addPerson(laptop.caseId, purchaser(name, ""), false);
    REQUIRE_FALSE(noGrant);
    CHECK_THAT(noGrant.error().message, Catch::Contains("needs the PII grant"));
    CHECK_FALSE(edits.addPerson("ZZ-NOT-TAKEN", purchaser(name, ""), true));
    CHECK(edits.pendingCount().value() == 0);

    // Added: shown at once, masked as the server masks, the PII in the cache for a reveal.
    const auto person = edits.addPerson(laptop.caseId, purchaser(name, "(443) 555-0142"), true);
    REQUIRE(person);
    CHECK(std::regex_match(*person, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    const auto contact = edits.addPerson(laptop.caseId, NewPerson{"contact", "import_documents", {}, {}}, false);
    REQUIRE(contact);
    const auto shown = CachedCaseStore(cache).people(laptop.caseId);
    REQUIRE(shown);
    REQUIRE(shown->size() == 2);
    const auto& added = shown->at(shown->front().id == *person ? 0 : 1);
    CHECK(added.masked[0] == cms::core::model::PiiMask::name(name).value());
    CHECK(added.masked[3] == "***-***-0142");
    CHECK(added.declined == std::vector<std::string>{"email"});
    CHECK(cms::core::sync::OfflineReveal::reveal(cache, true, laptop.caseId, *person, "full_name").value() == name);
    const auto entry = cache.queryValue("SELECT entry_id FROM outbox WHERE row_id = ?1", {*person}).value().value();

    // The sync adds both once, with the laptop's ids; the office's masks are the laptop's.
    const auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    INFO((synced ? std::string() : synced.error().message));
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 2);
    const auto admin = adminConnection();
    const auto atOffice =
        must(admin,
             "SELECT p.kind::text, p.declined_fields::text, p.name_masked, p.phone_masked, "
             "i.full_name, i.phone FROM cms.people p LEFT JOIN cms.people_pii i ON i.person_id = p.id "
             "WHERE p.id = $1::uuid",
             {*person});
    REQUIRE(atOffice.rows() == 1);
    CHECK(atOffice.text(0, 0) == "purchaser");
    CHECK(atOffice.text(0, 1) == "{email}");
    CHECK(atOffice.text(0, 2) == added.masked[0]);
    CHECK(atOffice.text(0, 3) == "***-***-0142");
    CHECK(atOffice.text(0, 4) == name);
    CHECK(atOffice.text(0, 5) == "(443) 555-0142");
    CHECK(must(admin, "SELECT count(*) FROM cms.people_pii WHERE person_id = $1::uuid", {*contact}).text(0, 0) == "0");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE object_id IN ($1, $2) AND (details::text LIKE '%Feather%' "
               "OR changed_columns::text LIKE '%Feather%')",
               {*person, laptop.caseId})
              .text(0, 0)
          == "0");
    CHECK(cms::core::sync::OfflineReveal::reveal(cache, true, laptop.caseId, *person, "full_name").value() == name);

    // Sent again after a lost reply: nothing new.
    const auto resent = must(laptop.officer.connection,
                             "SELECT outcome FROM cms.apply_new_person($1::uuid, $2, $3::uuid, "
                             "'{\"kind\": \"purchaser\", \"source\": \"individual\"}'::jsonb)",
                             {entry, laptop.caseId, *person});
    CHECK(resent.text(0, 0) == "applied_before");
    CHECK(must(admin, "SELECT count(*) FROM cms.people WHERE case_id = $1", {laptop.caseId}).text(0, 0) == "2");
}

TEST_CASE("A person's PII sent by a laptop whose owner holds no PII grant is refused by the server",
          "[pg][token][sync][pii]")
{
    Laptop laptop("mmoore", cms::tests::newPortCase(1)); // the manager: no PII grant
    const auto sent = laptop.officer.connection.exec(
        "SELECT outcome FROM cms.apply_new_person(gen_random_uuid(), $1, gen_random_uuid(), "
        "'{\"kind\": \"purchaser\", \"source\": \"individual\", \"pii\": {\"full_name\": \"Ignatius Vale\"}}'::jsonb)",
        {laptop.caseId});
    REQUIRE_FALSE(sent);
    CHECK_THAT(sent.error().message, Catch::Contains("permission denied"));
    CHECK(must(adminConnection(), "SELECT count(*) FROM cms.people WHERE case_id = $1", {laptop.caseId}).text(0, 0)
          == "0");
    // Without PII the manager adds a person, as online.
    const auto plain = OfflineEdits(laptop.cache->database())
                           .addPerson(laptop.caseId, NewPerson{"contact", "other_agency", {}, {}}, false);
    REQUIRE(plain);
    const auto synced = FieldWork::sync(laptop.cache->database(), laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 1);
    CHECK(must(adminConnection(), "SELECT count(*) FROM cms.people WHERE id = $1::uuid", {*plain}).text(0, 0) == "1");
}

TEST_CASE("A person edited offline: fields changed on one side merge, the same change on both sides is no conflict, "
          "and a field changed differently goes to the person",
          "[pg][token][sync]")
{
    const auto caseId = cms::tests::newPortCase(1);
    const auto person = cms::tests::addPurchaser(caseId, "Octavia Hollingsworth");
    Laptop laptop("oortega", caseId);
    const auto& cache = laptop.cache->database();
    const CachedCaseStore store(cache);
    const auto cachedPerson = [&] {
        const auto people = store.people(caseId);
        REQUIRE(people);
        REQUIRE(people->size() == 1);
        return people->front();
    };
    const auto admin = adminConnection();
    const auto atOffice = [&] {
        return must(admin,
                    "SELECT kind || ' ' || source || ' ' || declined_fields::text FROM cms.people WHERE id = $1::uuid",
                    {person})
            .text(0, 0);
    };

    // Here: the kind and the fields declined; at the office: the source. Both kept.
    auto base = cachedPerson();
    auto edited = base;
    edited.kind = "incident_involved";
    edited.declined = {"phone", "email"};
    REQUIRE(store.savePerson(base, edited));
    CHECK(cachedPerson().kind == "incident_involved");
    CHECK(cachedPerson().declined == std::vector<std::string>{"email", "phone"});
    auto wrong = edited;
    wrong.kind = "landlord";
    CHECK_FALSE(store.savePerson(edited, wrong));
    must(admin, "UPDATE cms.people SET source = 'other_agency' WHERE id = $1::uuid", {person});
    auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK(synced->pushed.merged == 1);
    CHECK_FALSE(synced->pushed.conflict.has_value());
    CHECK(atOffice() == "incident_involved other_agency {email,phone}");
    CHECK(cachedPerson().source == "other_agency");

    // The same fields declined on both sides, in another order: the same change, no conflict.
    base = cachedPerson();
    edited = base;
    edited.declined = {"address", "email"};
    REQUIRE(store.savePerson(base, edited));
    must(admin,
         "UPDATE cms.people SET declined_fields = '{email,address}', kind = 'contact' WHERE id = $1::uuid",
         {person});
    synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK_FALSE(synced->pushed.conflict.has_value());
    CHECK(atOffice() == "contact other_agency {email,address}");

    // The kind changed differently on both sides: the person decides, nothing is resolved silently.
    base = cachedPerson();
    edited = base;
    edited.kind = "next_of_kin";
    REQUIRE(store.savePerson(base, edited));
    must(admin, "UPDATE cms.people SET kind = 'purchaser' WHERE id = $1::uuid", {person});
    synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    REQUIRE(synced->pushed.conflict.has_value());
    REQUIRE(synced->pushed.conflict->fields.size() == 1);
    CHECK(synced->pushed.conflict->fields.front().field == "kind");
    CHECK(synced->pushed.conflict->fields.front().mine == std::optional<std::string>("next_of_kin"));
    CHECK(synced->pushed.conflict->fields.front().theirs == std::optional<std::string>("purchaser"));
    CHECK(atOffice() == "purchaser other_agency {email,address}");
}

TEST_CASE("A PII correction made offline reaches the office once with its reason, and one the office overtook is "
          "refused, shown and discarded, the office's value taken again",
          "[pg][token][sync][pii]")
{
    const auto caseId = cms::tests::newPortCase(1);
    const auto person = cms::tests::addPurchaser(caseId, "Cornelius Fairweather"); // phone (410) 555-0199
    Laptop laptop("oortega", caseId);
    const auto& cache = laptop.cache->database();
    const OfflineEdits edits(cache);
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    const auto phoneHere = [&] {
        return cms::core::sync::OfflineReveal::reveal(cache, true, caseId, person, "phone").value();
    };
    REQUIRE(phoneHere() == "(410) 555-0199");
    const std::string reason = "Gave a new number at the site visit";

    // Refused in words, nothing queued.
    CHECK_FALSE(edits.correctPii(person, "phone", "(410) 555-0123", reason, false));
    CHECK_FALSE(edits.correctPii(person, "kind", "contact", reason, true));
    CHECK_FALSE(edits.correctPii(person, "phone", "(410) 555-0123", "  ", true));
    CHECK_FALSE(edits.correctPii(person, "phone", "call me", reason, true));
    const auto notHere =
        edits.correctPii("00000000-0000-4000-8000-000000000002", "phone", "(410) 555-0123", reason, true);
    REQUIRE_FALSE(notHere);
    CHECK_THAT(notHere.error().message, Catch::Contains("not on this laptop"));
    CHECK(edits.pendingCount().value() == 0);

    // Corrected here: the cache shows it at once; the sync applies it with its reason, once.
    const auto entry = edits.correctPii(person, "phone", "(410) 555-0123", reason, true);
    REQUIRE(entry);
    CHECK(phoneHere() == "(410) 555-0123");
    auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 1);
    const auto admin = adminConnection();
    CHECK(must(admin, "SELECT phone FROM cms.people_pii WHERE person_id = $1::uuid", {person}).text(0, 0)
          == "(410) 555-0123");
    const auto record = must(admin,
                             "SELECT count(*), min(reason), min(corrected_by::text), bool_and(prior_digest = "
                             "encode(sha256('(410) 555-0199'::bytea), 'hex')) FROM cms.pii_corrections WHERE "
                             "person_id = $1::uuid",
                             {person});
    CHECK(record.text(0, 0) == "1");
    CHECK(record.text(0, 1) == reason);
    CHECK(record.text(0, 2) == "oortega");
    CHECK(record.text(0, 3) == "t");
    CHECK(phoneHere() == "(410) 555-0123");
    const auto resent =
        must(laptop.officer.connection,
             "SELECT outcome FROM cms.apply_pii_correction($1::uuid, $2::uuid, "
             "'{\"phone\": \"(410) 555-0123\", \"reason\": \"again\"}', '{\"phone\": \"(410) 555-0199\"}')",
             {*entry, person});
    CHECK(resent.text(0, 0) == "applied_before");
    CHECK(must(admin, "SELECT count(*) FROM cms.pii_corrections WHERE person_id = $1::uuid", {person}).text(0, 0)
          == "1");

    // Overtaken: corrected again here, and at the office meanwhile. Refused, shown, discarded.
    REQUIRE(edits.correctPii(person, "phone", "(410) 555-0456", reason, true));
    must(admin, "UPDATE cms.people_pii SET phone = '(410) 555-0777' WHERE person_id = $1::uuid", {person});
    synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(synced);
    REQUIRE(synced->pushed.conflict.has_value());
    const auto& conflict = *synced->pushed.conflict;
    CHECK(conflict.table == "people_pii");
    CHECK_THAT(conflict.refusal, Catch::Contains("corrected at the office"));
    const auto phoneField =
        std::ranges::find(conflict.fields, std::string("phone"), &cms::core::sync::ConflictingField::field);
    REQUIRE(phoneField != conflict.fields.end());
    CHECK(phoneField->mine == std::optional<std::string>("(410) 555-0456"));
    CHECK_FALSE(phoneField->theirs.has_value()); // the office's value is not read into the refusal
    CHECK(must(admin, "SELECT phone FROM cms.people_pii WHERE person_id = $1::uuid", {person}).text(0, 0)
          == "(410) 555-0777");
    REQUIRE(cms::core::sync::ConflictResolver(cache, laptop.officer.connection).resolve(conflict, {}));
    CHECK(edits.pendingCount().value() == 0);
    REQUIRE(FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    CHECK(phoneHere() == "(410) 555-0777");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE details::text LIKE '%555-0%' OR changed_columns::text LIKE "
               "'%555-0%'")
              .text(0, 0)
          == "0");
}
