// The case list and case form offline (issue: offline field work), over a real SQLCipher cache
// the officer's card opened and a case checked out from the dev server: the list searches and
// filters the cached cases as the server does online, and a summary saved offline goes to the
// outbox and reaches the server at the next sync.
#include "core/cases/CaseRowSpec.h"
#include "core/model/CaseId.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/CachedCaseList.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineEdits.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::cases::CaseListFilter;
using cms::core::cases::CaseSummary;
using cms::core::sync::CachedCaseList;
using cms::core::sync::CachedCaseStore;
using cms::tests::must;

namespace {

std::vector<std::string> idsOf(const CachedCaseList& list, const CaseListFilter& filter)
{
    auto page = list.page(filter, 0, 100);
    INFO((page ? std::string() : page.error().message));
    REQUIRE(page);
    std::vector<std::string> ids;
    for (const auto& row : *page) {
        ids.push_back(row.id);
    }
    return ids;
}

} // namespace

TEST_CASE("Offline the case list searches and filters the checked-out cases as online", "[pg][token][sync]")
{
    cms::tests::SyncLaptop laptop(3);
    const auto admin = cms::tests::adminConnection();
    must(admin,
         "INSERT INTO cms.samples (case_id, sample_number, collected_on, ifs_reference) VALUES ($1, 'S-' || "
         "substr(md5(random()::text), 1, 10), current_date, 'IFS-OFFLINE-7')",
         {laptop.caseId});
    must(admin, "UPDATE cms.cases SET assigned_to = 'oortega' WHERE id = $1", {laptop.caseId});
    const auto& cache = laptop.cache->database();
    REQUIRE(cms::core::sync::FieldWork::sync(cache, laptop.officer.connection, laptop.signer()));
    const CachedCaseList list(cache);

    CHECK(idsOf(list, {}) == std::vector<std::string>{laptop.caseId});
    CHECK(list.count({}).value_or(-1) == 1);
    const auto found = [&](std::string search) {
        CaseListFilter filter;
        filter.search = std::move(search);
        return idsOf(list, filter).size();
    };
    CHECK(found("heater 2") == 1); // a product's name, any case
    CHECK(found("H-3") == 1);      // its model
    CHECK(found("IFS-OFFLINE-7") == 1);
    CHECK(found("tips over") == 1); // the title
    CHECK(found("nothing like it") == 0);
    const auto id = cms::core::model::CaseId::parse(laptop.caseId);
    REQUIRE(id);
    CHECK(found(id->display()) == 1);

    // A case id with a wrong check symbol is named as mistyped, as online.
    auto mistyped = id->display();
    mistyped.back() = mistyped.back() == 'A' ? 'B' : 'A';
    CaseListFilter typo;
    typo.search = mistyped;
    const auto refused = list.page(typo, 0, 10);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("mistyped") != std::string::npos);

    // A person's name: the officer holds the PII grant, and the cache holds no one named so.
    CaseListFilter byName;
    byName.personName = "Nobody-Here Doe";
    CHECK(list.count(byName).value_or(-1) == 0);

    CaseListFilter filters;
    filters.statuses = {"closed"};
    CHECK(idsOf(list, filters).empty());
    filters.statuses = {"open"};
    filters.assignedToMe = true;
    filters.myTeam = true; // the Port team is the officer's, remembered at the sync
    CHECK(idsOf(list, filters).size() == 1);
    filters.openedFrom = "2999-01-01";
    CHECK(idsOf(list, filters).empty());

    const auto owner = cms::core::sync::CacheOwner::read(cache);
    REQUIRE(owner);
    CHECK(owner->loginRole == "oortega");
    CHECK(owner->jobRole == "officer");
    CHECK_FALSE(owner->teamId.empty());
}

TEST_CASE("A case summary saved offline is queued with only its changed fields and reaches the server at the sync",
          "[pg][token][sync]")
{
    cms::tests::SyncLaptop laptop(2);
    const auto& cache = laptop.cache->database();
    const CachedCaseStore store(cache);
    auto base = store.load(laptop.caseId);
    REQUIRE(base);
    CHECK(base->title == "Space heater tips over");
    CHECK(base->status == "open");
    CHECK_FALSE(base->teamId.empty());

    // What the server lets only managers do is refused here too, not queued to fail at the sync.
    auto held = *base;
    held.legalHold = true;
    const auto refused = store.save(*base, held);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "Only a manager or a records manager may place a legal hold.");
    CHECK(cms::core::sync::OfflineEdits(cache).pendingCount().value_or(-1) == 0);

    auto edited = *base;
    edited.title = "Space heater tips over on carpet";
    edited.assignedTo = "oortega";
    auto saved = store.save(*base, edited);
    REQUIRE(saved);
    const auto& now = std::get<CaseSummary>(*saved);
    CHECK(now.title == edited.title);
    CHECK(now.assignedTo == "oortega");
    CHECK(now.teamId == base->teamId); // untouched fields stay
    CHECK(cms::core::sync::OfflineEdits(cache).pendingCount().value_or(0) == 1);
    const auto queued = cache.queryValue("SELECT changed FROM outbox");
    REQUIRE(queued);
    CHECK(queued->value_or("").find("team_id") == std::string::npos);

    // What must hold online holds offline: a closed case needs its date and reason.
    auto closing = now;
    closing.status = "closed";
    REQUIRE_FALSE(store.save(now, closing));
    CHECK(cms::core::sync::OfflineEdits(cache).pendingCount().value_or(0) == 1);
    // A new case needs the server's id.
    REQUIRE_FALSE(store.save(CaseSummary{}, CaseSummary{}));

    const auto products = store.rows(cms::core::cases::CaseRowSpec::products(), laptop.caseId);
    REQUIRE(products);
    REQUIRE(products->size() == 2);
    CHECK(products->front().value("name") == "Heater 1");
    CHECK(products->back().value("model") == "H-2");

    const auto synced = cms::core::sync::FieldWork::sync(cache, laptop.officer.connection, laptop.signer());
    INFO((synced ? std::string() : synced.error().message + " / " + synced.error().detail));
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 1);
    const auto server = must(
        cms::tests::adminConnection(), "SELECT title, assigned_to::text FROM cms.cases WHERE id = $1", {laptop.caseId});
    CHECK(server.text(0, 0) == "Space heater tips over on carpet");
    CHECK(server.text(0, 1) == "oortega");
    CHECK(cms::core::sync::OfflineEdits(cache).pendingCount().value_or(-1) == 0);
}
