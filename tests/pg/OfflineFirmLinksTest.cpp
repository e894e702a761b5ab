// Firms linked to a case and unlinked on a laptop offline (issue: offline field work: the case
// form works offline as online): the link to a firm the cache holds goes into the cache and the
// outbox, the push applies it once (cms.apply_firm_link, 0035), a link the office made too is not
// doubled, and the next pull shows the office's firms. A new firm needs the network. Real
// SQLCipher cache, the officer's SoftHSM card, the dev server.
#include "core/cases/CaseFirms.h"
#include "core/cases/CasePeople.h"
#include "core/common/RandomUuid.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineEdits.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::sync::CachedCaseStore;
using cms::core::sync::FieldWork;
using cms::core::sync::OfflineEdits;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

std::string newFirm(const std::string& name)
{
    return must(adminConnection(),
                "INSERT INTO cms.firms (name, city) VALUES ($1, 'Baltimore') RETURNING id::text",
                {name})
        .text(0, 0);
}

void link(const std::string& caseId, const std::string& firm, const std::string& role)
{
    must(adminConnection(),
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, $3::cms.firm_role)",
         {caseId, firm, role});
}

std::string shown(const CachedCaseStore& store, const std::string& caseId)
{
    const auto firms = store.firms(caseId);
    REQUIRE(firms);
    std::string text;
    for (const auto& firm : *firms) {
        text += (text.empty() ? "" : ",") + firm.name + ":" + firm.role;
    }
    return text;
}

std::string atOffice(const std::string& caseId)
{
    return must(adminConnection(),
                "SELECT coalesce(string_agg(f.name || ':' || cf.firm_role, ',' ORDER BY f.name, cf.firm_role), '') "
                "FROM cms.case_firms cf JOIN cms.firms f ON f.id = cf.firm_id WHERE cf.case_id = $1",
                {caseId})
        .text(0, 0);
}

} // namespace

TEST_CASE("Firms linked and unlinked offline reach the office once, a link the office made too is not doubled, and "
          "a firm the laptop does not hold needs the network",
          "[pg][token][sync]")
{
    const auto caseId = cms::tests::newPortCase(1);
    const auto suffix = caseId.substr(0, 6);
    const auto maker = newFirm("Anvil Heaters " + suffix);
    const auto importer = newFirm("Bayside Imports " + suffix);
    const auto elsewhere = newFirm("Cobalt Retail " + suffix);
    link(caseId, maker, "manufacturer");
    link(caseId, importer, "importer");
    Laptop laptop("oortega", caseId);
    const auto& cache = laptop.cache->database();
    const CachedCaseStore store(cache);
    const OfflineEdits edits(cache);
    REQUIRE(shown(store, caseId)
            == "Anvil Heaters " + suffix + ":manufacturer,Bayside Imports " + suffix + ":importer");

    // The firms on record offline: those the cache holds, by a part of the name.
    const auto found = store.firmsOnRecord("anvil heaters " + suffix);
    REQUIRE(found);
    REQUIRE(found->size() == 1);
    CHECK(found->front().id == maker);
    CHECK(found->front().city == "Baltimore");

    // Refused in words, nothing queued: a firm not on this laptop, a role that is none, a link
    // already there, a case not taken.
    const auto notHere = edits.linkFirm(caseId, elsewhere, "retailer");
    REQUIRE_FALSE(notHere);
    CHECK_THAT(notHere.error().message, Catch::Contains("needs the network"));
    CHECK_FALSE(edits.linkFirm(caseId, maker, "landlord"));
    const auto twice = edits.linkFirm(caseId, maker, "manufacturer");
    REQUIRE_FALSE(twice);
    CHECK_THAT(twice.error().message, Catch::Contains("already has that role"));
    CHECK_FALSE(edits.linkFirm("ZZ-NOT-TAKEN", maker, "retailer"));
    CHECK(edits.pendingCount().value() == 0);

    // Linked as retailer and the importer unlinked: shown at once, two entries waiting.
    const auto linked = edits.linkFirm(caseId, maker, "retailer");
    REQUIRE(linked);
    CHECK(*linked == caseId + "/" + maker + ":retailer");
    REQUIRE(edits.remove("case_firms", caseId + "/" + importer + ":importer"));
    CHECK(shown(store, caseId) == "Anvil Heaters " + suffix + ":manufacturer,Anvil Heaters " + suffix + ":retailer");
    CHECK(edits.pendingCount().value() == 2);
    const auto again = edits.linkFirm(caseId, importer, "importer");
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("waits for the sync"));

    // Meanwhile the office made the same link: the sync applies both entries, nothing doubled.
    link(caseId, maker, "retailer");
    const auto synced = FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    INFO((synced ? std::string() : synced.error().message));
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 2);
    CHECK_FALSE(synced->pushed.conflict.has_value());
    CHECK(edits.pendingCount().value() == 0);
    CHECK(atOffice(caseId) == "Anvil Heaters " + suffix + ":manufacturer,Anvil Heaters " + suffix + ":retailer");
    CHECK(shown(store, caseId) == "Anvil Heaters " + suffix + ":manufacturer,Anvil Heaters " + suffix + ":retailer");
    // The office's trail holds the change, by the officer.
    CHECK(must(adminConnection(),
               "SELECT count(*) FROM cms_audit.events WHERE object_type = 'cms.case_firms' AND actor = 'oortega' AND "
               "object_id LIKE $1",
               {caseId + "%"})
              .text(0, 0)
          != "0");

    // An entry sent again after a lost reply changes nothing.
    const auto entry = cms::randomUuid();
    const auto first = must(laptop.officer.connection,
                            "SELECT outcome FROM cms.apply_firm_link($1::uuid, $2, $3::bigint, 'distributor', true)",
                            {entry, caseId, importer});
    CHECK(first.text(0, 0) == "applied");
    must(adminConnection(),
         "DELETE FROM cms.case_firms WHERE case_id = $1 AND firm_id = $2::bigint AND firm_role = 'distributor'",
         {caseId, importer});
    const auto resent = must(laptop.officer.connection,
                             "SELECT outcome FROM cms.apply_firm_link($1::uuid, $2, $3::bigint, 'distributor', true)",
                             {entry, caseId, importer});
    CHECK(resent.text(0, 0) == "applied_before");
    CHECK(atOffice(caseId) == "Anvil Heaters " + suffix + ":manufacturer,Anvil Heaters " + suffix + ":retailer");
}

TEST_CASE("The firm roles, person kinds and record sources the client offers are the server's", "[pg]")
{
    const auto server = [](const std::string& type) {
        return must(adminConnection(),
                    "SELECT string_agg(v::text, ',') FROM unnest(enum_range(NULL::cms." + type + ")) v")
            .text(0, 0);
    };
    const auto ours = [](const auto& values) {
        std::string joined;
        for (const auto* value : values) {
            joined += (joined.empty() ? "" : ",") + std::string(value);
        }
        return joined;
    };
    CHECK(server("firm_role") == ours(cms::core::cases::kFirmRoles));
    CHECK(server("person_kind") == ours(cms::core::cases::kPersonKinds));
    CHECK(server("record_source") == ours(cms::core::cases::kRecordSources));
}
