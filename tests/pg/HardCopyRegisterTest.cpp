// The register of hard copies (issue: hard copies; PIA Q28) on the dev server: copies numbered per
// case, settled only by their holder on a day of their life, PII released only for an unredacted
// copy just made, managers seeing copies held too long, every change and refusal an audit event.
#include "core/print/HardCopyRegister.h"

#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::print::CopyRequest;
using cms::core::print::HardCopyRegister;
using cms::tests::must;

namespace {

CopyRequest copyOf(const std::string& caseId, bool redacted = true)
{
    CopyRequest request;
    request.caseId = caseId;
    request.kind = "print";
    request.sections = {"summary", "people"};
    request.redacted = redacted;
    request.purpose = "Site visit";
    return request;
}

std::string eventsOf(const std::string& type, const std::string& objectId)
{
    return must(cms::tests::adminConnection(),
                "SELECT coalesce(string_agg(outcome || coalesce(':' || (details->>'cause'), ''), ',' ORDER BY id), '') "
                "FROM cms_audit.events WHERE event_type = $1 AND object_id = $2",
                {type, objectId})
        .text(0, 0);
}

} // namespace

TEST_CASE("Hard copies are numbered per case and settled only by their holder, on a day of their life",
          "[pg][token][print]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Space heater, copies");
    const auto officer = cms::tests::connectAs("oortega");
    const auto investigator = cms::tests::connectAs("iibarra");
    const HardCopyRegister mine(officer.connection);
    const HardCopyRegister theirs(investigator.connection);

    auto first = mine.registerCopy(copyOf(caseId));
    auto second = theirs.registerCopy(copyOf(caseId));
    auto third = mine.registerCopy(copyOf(caseId, false));
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    CHECK(first->copyNumber == 1);
    CHECK(second->copyNumber == 2);
    CHECK(third->copyNumber == 3);
    CHECK(first->holder == "oortega");

    // A purpose and a section are asked for before anything reaches the server.
    auto noPurpose = copyOf(caseId);
    noPurpose.purpose = " ";
    CHECK_FALSE(mine.registerCopy(noPurpose));

    // Only the holder settles a copy, once, on a day between its making and today.
    const auto notMine = theirs.settle(first->id, "returned", "2026-01-01");
    REQUIRE_FALSE(notMine);
    CHECK(notMine.error().message == "This copy is not one you hold.");
    const auto future = mine.settle(first->id, "returned", "2999-01-01");
    REQUIRE_FALSE(future);
    CHECK_THAT(future.error().message, Catch::Contains("between the day the copy was made and today"));
    const auto today = must(admin, "SELECT current_date::text").text(0, 0);
    REQUIRE(mine.settle(first->id, "destroyed", today));
    const auto twice = mine.settle(first->id, "returned", today);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message == "This copy was marked destroyed already.");
    CHECK(eventsOf("hard_copy.settled", first->id)
          == "refused:This copy is not one you hold.,refused:The date must be between the day the copy was made and "
             "today.,success,refused:This copy was marked destroyed already.");

    // The holder's list: their copies, the settled one with its day.
    auto held = mine.mine();
    REQUIRE(held);
    const auto found = std::ranges::find_if(*held, [&](const auto& copy) { return copy.id == first->id; });
    REQUIRE(found != held->end());
    CHECK(found->status == "destroyed");
    CHECK(found->statusOn == today);
    CHECK(std::ranges::none_of(*held, [&](const auto& copy) { return copy.id == second->id; }));

    // PII is released for the unredacted copy just made, never for a redacted one.
    CHECK(mine.piiFor(third->id).has_value());
    CHECK(eventsOf("hard_copy.pii_read", third->id) == "success");
    auto none = theirs.piiFor(second->id);
    REQUIRE(none);
    CHECK(none->empty());
    CHECK(eventsOf("hard_copy.pii_read", second->id) == "refused:redacted copy");
    // Ten minutes later the same copy releases nothing more.
    must(admin, "UPDATE cms.hard_copies SET made_at = now() - interval '11 minutes' WHERE id = $1", {third->id});
    auto late = mine.piiFor(third->id);
    REQUIRE(late);
    CHECK(late->empty());

    // Managers see copies held too long, whoever holds them; others only their own.
    must(admin, "UPDATE cms.hard_copies SET made_at = now() - interval '40 days' WHERE id = $1", {second->id});
    const auto manager = cms::tests::connectAs("mmoore");
    auto overdue = HardCopyRegister(manager.connection).outstanding(30);
    REQUIRE(overdue);
    CHECK(std::ranges::any_of(*overdue, [&](const auto& copy) { return copy.id == second->id; }));
    auto ownOverdue = mine.outstanding(30);
    REQUIRE(ownOverdue);
    CHECK(std::ranges::none_of(*ownOverdue, [&](const auto& copy) { return copy.id == second->id; }));
}
