// What the case form reads and writes, against the real server as the people who use it
// (issue: case work): the case's own row with its version and per-field conflicts, its rows,
// people (masked, revealed one field at a time, corrected with a reason), firms and history.
#include "core/cases/CaseFirms.h"
#include "core/cases/CaseHistory.h"
#include "core/cases/CasePeople.h"
#include "core/cases/CaseRows.h"
#include "core/cases/CaseStore.h"
#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"

#include <array>
#include <catch2/catch.hpp>
#include <random>
#include <unistd.h>

using namespace cms::core::cases;
using namespace cms::tests;

TEST_CASE("Saving a case sends only what changed, and a stale save reports the conflict per field",
          "[pg][token][cases]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto investigator = connectAs("iibarra");
    const CaseStore mine(officer.connection);
    const CaseStore theirs(investigator.connection);

    const auto base = mine.load(fixture.openCase);
    REQUIRE(base);
    auto ivansBase = theirs.load(fixture.openCase);
    REQUIRE(ivansBase);

    // Ivan changes the title and the assignee; Olivia, from the older version, the title and the type.
    auto ivans = *ivansBase;
    ivans.title = "Toy recall follow-up (Ivan)";
    ivans.assignedTo = "iibarra";
    const auto saved = theirs.save(*ivansBase, ivans);
    REQUIRE(saved);
    REQUIRE(std::holds_alternative<CaseSummary>(*saved));

    auto olivias = *base;
    olivias.title = "Toy recall follow-up (Olivia)";
    olivias.type = "corrective_action";
    const auto stale = mine.save(*base, olivias);
    REQUIRE(stale);
    REQUIRE(std::holds_alternative<SaveConflict>(*stale));
    const auto& conflict = std::get<SaveConflict>(*stale);
    CHECK(conflict.current.updatedBy == "iibarra");
    CHECK(conflict.changedByThem == std::vector<std::string>{"title", "assigned_to"});
    REQUIRE(conflict.conflicts.size() == 1);
    CHECK(conflict.conflicts.front().field == "title");
    CHECK(conflict.conflicts.front().theirs == "Toy recall follow-up (Ivan)");
    CHECK(conflict.conflicts.front().mine == "Toy recall follow-up (Olivia)");
    // Nothing was written by the stale save.
    CHECK(mine.load(fixture.openCase)->title == "Toy recall follow-up (Ivan)");

    // Olivia keeps her title; Ivan's assignee stays; her type goes in too.
    const auto resolved = CaseStore::resolve(conflict, *base, olivias, {{"title", true}});
    const auto again = mine.save(conflict.current, resolved);
    REQUIRE(again);
    REQUIRE(std::holds_alternative<CaseSummary>(*again));
    const auto& final = std::get<CaseSummary>(*again);
    CHECK(final.title == "Toy recall follow-up (Olivia)");
    CHECK(final.assignedTo == "iibarra");
    CHECK(final.type == "corrective_action");
}

TEST_CASE("Opening a case is an audit event, and so is a refused open", "[pg][token][cases]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto admin = adminConnection();
    const auto opened = [&](const std::string& caseId) {
        return must(admin,
                    "SELECT coalesce(string_agg(actor || ' ' || outcome || ' ' || (details ->> 'case_id') || ' ' || "
                    "coalesce(details ->> 'cause', '-'), '; ' ORDER BY id), '') FROM cms_audit.events "
                    "WHERE event_type = 'case.open' AND object_id = $1",
                    {caseId})
            .text(0, 0);
    };

    REQUIRE(CaseStore(officer.connection).open(fixture.openCase));
    CHECK(opened(fixture.openCase) == "oortega success " + fixture.openCase + " -");
    // AU-3: the session it came from (the server's id of the card connection) and the workstation.
    std::array<char, 256> host{};
    REQUIRE(gethostname(host.data(), host.size() - 1) == 0);
    const auto stamped = must(admin,
                              "SELECT e.workstation, e.session_id = to_hex(trunc(extract(epoch FROM a.backend_start))::"
                              "bigint) || '.' || to_hex(a.pid) FROM cms_audit.events e JOIN pg_stat_activity a ON "
                              "a.pid = $2::int WHERE e.event_type = 'case.open' AND e.object_id = $1",
                              {fixture.openCase, must(officer.connection, "SELECT pg_backend_pid()").text(0, 0)});
    REQUIRE(stamped.rows() == 1);
    CHECK(stamped.text(0, 0) == std::string(host.data()));
    CHECK(stamped.text(0, 1) == "t");

    const auto refused = CaseStore(officer.connection).open(fixture.hqRestricted); // another team's restricted case
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("visible"));
    CHECK(opened(fixture.hqRestricted) == "oortega refused " + fixture.hqRestricted + " not_visible");

    // Loading alone (the form's refresh of its own data after a save) records nothing more.
    REQUIRE(CaseStore(officer.connection).load(fixture.openCase));
    CHECK(opened(fixture.openCase) == "oortega success " + fixture.openCase + " -");
}

TEST_CASE("A new case gets the server's random id, and closing needs a date and a reason", "[pg][token][cases]")
{
    const auto officer = connectAs("oortega");
    const CaseStore store(officer.connection);
    CaseSummary draft;
    draft.title = "Space heater tip-over";
    draft.type = "establishment_inspection";
    auto created = store.create(draft);
    REQUIRE(created);
    CHECK(created->id.size() == 11);
    CHECK(created->status == "open");

    auto closing = *created;
    closing.status = "closed";
    const auto refused = store.save(*created, closing);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::StartsWith("Closed on:"));
    closing.closedOn = created->openedOn;
    closing.closureReason = "Firm corrected the labels";
    const auto closed = store.save(*created, closing);
    REQUIRE(closed);
    CHECK(std::get<CaseSummary>(*closed).status == "closed");

    // Only a manager reopens: the server's words come back.
    auto reopening = std::get<CaseSummary>(*closed);
    reopening.status = "open";
    reopening.closedOn.clear();
    const auto notAManager = store.save(std::get<CaseSummary>(*closed), reopening);
    REQUIRE_FALSE(notAManager);
    CHECK_THAT(notAManager.error().message, Catch::Contains("manager"));
}

TEST_CASE("A case's rows: validated with the field named, written with their version", "[pg][token][cases]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const CaseRows products(officer.connection, CaseRowSpec::products());
    CaseRow product;
    product.values = {{"name", "Cordless kettle"}, {"model", "CK-2"}, {"upc", "036000291453"}};
    const auto badUpc = products.insert(fixture.openCase, product);
    REQUIRE_FALSE(badUpc);
    CHECK_THAT(badUpc.error().message, Catch::StartsWith("UPC:"));
    product.values["upc"] = "036000291452";
    auto inserted = products.insert(fixture.openCase, product);
    REQUIRE(inserted);
    CHECK(inserted->value("model") == "CK-2");

    auto renamed = *inserted;
    renamed.values["name"] = "Cordless kettle, 1.7 l";
    auto updated = products.update(renamed);
    REQUIRE(updated);
    CHECK(updated->version == inserted->version + 1);
    const auto stale = products.update(renamed); // the old version again
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().message, Catch::Contains("changed by someone else"));

    // Saved from what was opened: someone else's change to another field is kept, by itself.
    const auto investigator = connectAs("iibarra");
    must(investigator.connection,
         "UPDATE cms.products SET brand = 'Kettleco', version = $2::integer WHERE id = $1::bigint",
         {updated->id, std::to_string(updated->version)});
    auto remodelled = *updated;
    remodelled.values["model"] = "CK-3";
    const auto merged = products.save(*updated, remodelled);
    REQUIRE(merged);
    const auto* mergedRow = std::get_if<CaseRow>(&*merged);
    REQUIRE(mergedRow != nullptr);
    CHECK(mergedRow->value("brand") == "Kettleco");
    CHECK(mergedRow->value("model") == "CK-3");
    // The same field changed by both: the person chooses, field by field.
    must(investigator.connection,
         "UPDATE cms.products SET model = 'CK-4', version = $2::integer WHERE id = $1::bigint",
         {updated->id, std::to_string(mergedRow->version)});
    auto mine = *mergedRow;
    mine.values["model"] = "CK-5";
    const auto clash = products.save(*mergedRow, mine);
    REQUIRE(clash);
    const auto* conflict = std::get_if<cms::core::cases::RowConflict>(&*clash);
    REQUIRE(conflict != nullptr);
    REQUIRE(conflict->conflicts.size() == 1);
    CHECK(conflict->conflicts[0].field == "model");
    CHECK(conflict->conflicts[0].theirs == "CK-4");
    CHECK(conflict->conflicts[0].mine == "CK-5");
    const auto chosen = CaseRows::resolve(CaseRowSpec::products(), *conflict, *mergedRow, mine, {{"model", true}});
    const auto resaved = products.update(chosen);
    REQUIRE(resaved);
    CHECK(resaved->value("model") == "CK-5");
    updated = resaved;

    const CaseRows actions(officer.connection, CaseRowSpec::correctiveActions());
    CaseRow action;
    action.values = {
        {"action", "recall"}, {"status", "requested"}, {"requested_on", "2026-03-10"}, {"respond_by", "2026-03-01"}};
    const auto outOfOrder = actions.insert(fixture.openCase, action);
    REQUIRE_FALSE(outOfOrder);
    CHECK_THAT(outOfOrder.error().message, Catch::Contains("Firm: this is required"));
    const auto choices = actions.choices(*CaseRowSpec::correctiveActions().column("status"), fixture.openCase);
    REQUIRE(choices);
    CHECK(choices->size() == 5);
    CHECK(products.remove(*updated));
    CHECK(products.load(fixture.openCase)->empty());
}

TEST_CASE("People: masked for all, revealed one recorded field at a time, corrected with a reason",
          "[pg][token][cases][pii]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega"); // PII-holder
    const auto analyst = connectAs("aalvarez");
    const CasePeople people(officer.connection);
    NewPerson person{"purchaser", "individual", {"address"}, {"Rosalind Achterberg", "", "r.a@example.org", "", ""}};
    person.pii[3] = "not a phone";
    REQUIRE_FALSE(people.add(fixture.openCase, person));
    person.pii[3] = "(410) 555-0199";
    const auto id = people.add(fixture.openCase, person);
    REQUIRE(id);

    const auto listed = CasePeople(analyst.connection).load(fixture.openCase);
    REQUIRE(listed);
    const auto found = std::ranges::find(*listed, *id, &CasePerson::id);
    REQUIRE(found != listed->end());
    CHECK(found->masked[0] == "R******* A*********");
    CHECK(found->declined == std::vector<std::string>{"address"});
    CHECK_FALSE(CasePeople(analyst.connection).reveal(*id, "full_name")); // refused, recorded

    CHECK(people.reveal(*id, "email") == "r.a@example.org");
    REQUIRE_FALSE(people.correct(*id, "full_name", "Rosalind Achterberg-Vos", " "));
    REQUIRE(people.correct(*id, "full_name", "Rosalind Achterberg-Vos", "Name on the import papers"));
    const auto history = people.corrections(*id);
    REQUIRE(history);
    REQUIRE(history->size() == 1);
    CHECK(history->front().reason == "Name on the import papers");
    CHECK(history->front().correctedBy == "oortega");
}

TEST_CASE("Firms of a case, and the case's history as each role may see it", "[pg][token][cases]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto manager = connectAs("mmoore");
    const CaseFirms firms(officer.connection);
    const std::string name = "Brightwater Kitchenware " + std::to_string(std::random_device{}());
    REQUIRE(firms.add(fixture.openCase, "", name, "Baltimore", "US", "importer"));
    auto listed = firms.load(fixture.openCase);
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().name == name);
    const auto matches = firms.find(name.substr(0, 20));
    REQUIRE(matches);
    CHECK_FALSE(matches->empty());
    REQUIRE(firms.add(fixture.openCase, listed->front().firmId, "", "", "", "distributor"));
    REQUIRE(firms.remove(fixture.openCase, listed->front()));
    CHECK(firms.load(fixture.openCase)->size() == 1);

    const auto officerSees = CaseHistory::load(officer.connection, fixture.openCase);
    REQUIRE(officerSees);
    CHECK(std::ranges::any_of(*officerSees, [](const HistoryEntry& e) { return e.objectType == "cms.case_firms"; }));
    CHECK(std::ranges::all_of(*officerSees, [](const HistoryEntry& e) { return e.eventType.starts_with("row."); }));
    // Another team's restricted case has no history for the officer.
    CHECK(CaseHistory::load(officer.connection, fixture.hqRestricted)->empty());
    CHECK_FALSE(CaseHistory::load(manager.connection, fixture.hqRestricted)->empty());
}
