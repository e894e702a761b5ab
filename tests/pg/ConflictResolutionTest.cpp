// Settling a sync conflict (issue: offline field work, the three-way view): an edit made offline
// met a change at the office to the same field; the person keeps mine or theirs per field, and
// the push goes on. Real SQLCipher cache, the officer's SoftHSM card, the dev server.
#include "core/sync/ConflictResolver.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::sync::ConflictResolver;
using cms::core::sync::PushConflict;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

// The investigator changes a product's model at the office; the officer's laptop changed the
// model (and the brand) offline on the version before. The push stops at the conflict.
PushConflict conflictOnModel(Laptop& laptop, const std::string& product, bool alsoBrand)
{
    must(adminConnection(),
         "UPDATE cms.products SET model = 'Office model', version = 1 WHERE id = $1::bigint",
         {product});
    cms::core::sync::ChangedFields changed{{"model", "Field model"}};
    if (alsoBrand) {
        changed["brand"] = "Field brand";
    }
    REQUIRE(laptop.edits().edit("products", product, changed));
    auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    REQUIRE(pushed->conflict->fields.size() == 1);
    return *pushed->conflict;
}

std::string lastResolution(const std::string& product)
{
    return must(adminConnection(),
                "SELECT coalesce(string_agg(details::text, ' | ' ORDER BY id), '') FROM cms_audit.events "
                "WHERE event_type = 'sync.conflict_resolved' AND object_id = $1",
                {product})
        .text(0, 0);
}

} // namespace

TEST_CASE("Keeping mine in a sync conflict sends the edit on top of the office's version", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto product = laptop.products.front();
    const auto conflict = conflictOnModel(laptop, product, true);
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);

    const auto unchosen = resolver.resolve(conflict, {});
    REQUIRE_FALSE(unchosen);
    CHECK_THAT(unchosen.error().message, Catch::Contains("\"model\" has no choice"));

    REQUIRE(resolver.resolve(conflict, {{"model", true}}));
    CHECK(laptop.cachedVersion(product) == "2"); // the office's version, with the edit still to send
    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    CHECK_FALSE(pushed->conflict);
    CHECK(pushed->applied == 1);
    CHECK(laptop.serverValue("model", product) == "Field model");
    CHECK(laptop.serverValue("brand", product) == "Field brand");
    CHECK(laptop.cachedVersion(product) == laptop.serverValue("version", product));
    CHECK(laptop.edits().pendingCount().value() == 0);

    const auto audited = lastResolution(product);
    CHECK_THAT(audited, Catch::Contains(R"("kept_mine": ["model"])") && Catch::Contains(laptop.caseId));
    CHECK_THAT(audited, !Catch::Contains("Field model") && !Catch::Contains("Office model")); // names, no values

    const auto again = resolver.resolve(conflict, {{"model", true}});
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("settled already"));
}

TEST_CASE("Keeping theirs in a sync conflict drops that field of the edit and keeps the rest", "[pg][token][sync]")
{
    Laptop laptop(2);
    const auto& p = laptop.products;
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);

    // Only the conflicting field: the edit leaves the outbox, the cache holds the office's row.
    const auto onlyModel = conflictOnModel(laptop, p[0], false);
    REQUIRE(resolver.resolve(onlyModel, {{"model", false}}));
    CHECK(laptop.edits().pendingCount().value() == 0);
    CHECK_THAT(laptop.edits().row("products", p[0]).value(), Catch::Contains("Office model"));
    CHECK(laptop.cachedVersion(p[0]) == "2");

    // With another field: the brand still goes, the office's model stays.
    const auto withBrand = conflictOnModel(laptop, p[1], true);
    REQUIRE(resolver.resolve(withBrand, {{"model", false}}));
    const auto cached = laptop.edits().row("products", p[1]).value();
    CHECK_THAT(cached, Catch::Contains("Office model") && Catch::Contains("Field brand"));
    REQUIRE(laptop.pusher().push());
    CHECK(laptop.serverValue("model", p[1]) == "Office model");
    CHECK(laptop.serverValue("brand", p[1]) == "Field brand");
    CHECK_THAT(lastResolution(p[1]), Catch::Contains(R"("kept_theirs": ["model"])"));
}

TEST_CASE("A later offline edit of a field settled as theirs is compared again, not sent over it", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto product = laptop.products.front();
    const auto conflict = conflictOnModel(laptop, product, false);
    REQUIRE(laptop.edits().edit("products", product, {{"model", "Field model, second thoughts"}}));
    REQUIRE(
        ConflictResolver(laptop.cache->database(), laptop.officer.connection).resolve(conflict, {{"model", false}}));
    CHECK_THAT(laptop.edits().row("products", product).value(), Catch::Contains("second thoughts"));

    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict); // the person chose the office's model: the later edit is theirs to decide again
    CHECK(pushed->conflict->fields.at(0).theirs == "Office model");
    CHECK(pushed->conflict->fields.at(0).mine == "Field model, second thoughts");
    CHECK(laptop.serverValue("model", product) == "Office model");
}

TEST_CASE("A sync conflict is not settled on values the person did not see", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto product = laptop.products.front();
    const auto conflict = conflictOnModel(laptop, product, false);
    must(adminConnection(),
         "UPDATE cms.products SET model = 'Office model, later', version = 2 WHERE id = $1::bigint",
         {product});
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);

    const auto stale = resolver.resolve(conflict, {{"model", true}});
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().message, Catch::Contains("changed again at the office"));
    CHECK(laptop.edits().pendingCount().value() == 1);
    CHECK(lastResolution(product).empty());

    const auto pushed = laptop.pusher().push(); // the person syncs again and sees the new value
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    CHECK(pushed->conflict->fields.at(0).theirs == "Office model, later");
    REQUIRE(resolver.resolve(*pushed->conflict, {{"model", true}}));
    REQUIRE(laptop.pusher().push());
    CHECK(laptop.serverValue("model", product) == "Field model");
}

TEST_CASE("An edit of a row deleted at the office can only be discarded, with the row's other edits",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    const auto& p = laptop.products;
    REQUIRE(laptop.edits().edit("products", p[0], {{"model", "Edited offline"}}));
    REQUIRE(laptop.edits().edit("products", p[0], {{"brand", "Edited offline too"}}));
    REQUIRE(laptop.edits().edit("products", p[1], {{"model", "Another product"}}));
    must(adminConnection(), "DELETE FROM cms.products WHERE id = $1::bigint", {p[0]});

    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    CHECK_FALSE(pushed->conflict->serverVersion);
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);

    const auto kept = resolver.resolve(*pushed->conflict, {{"model", true}});
    REQUIRE_FALSE(kept);
    CHECK_THAT(kept.error().message, Catch::Contains("can only be discarded"));

    REQUIRE(resolver.resolve(*pushed->conflict, {}));
    CHECK_FALSE(laptop.edits().row("products", p[0]));
    CHECK(laptop.edits().pendingCount().value() == 1); // the other product's edit
    CHECK_THAT(lastResolution(p[0]), Catch::Contains(R"("edits_discarded": 2)"));
    const auto rest = laptop.pusher().push();
    REQUIRE(rest);
    CHECK(rest->applied == 1);
    CHECK(laptop.serverValue("model", p[1]) == "Another product");
}

TEST_CASE("An offline edit the server refuses stops the push after the edits before it, and discarding it lets the "
          "rest go",
          "[pg][token][sync]")
{
    // The officer's laptop queued an edit only a manager may make (the desktop asks first; an older
    // client or a role changed since the check-out may not have): it must not block the outbox.
    Laptop laptop(2);
    const auto& first = laptop.products.front();
    REQUIRE(laptop.edits().edit("products", first, {{"brand", "Before the refusal"}}));
    REQUIRE(laptop.edits().edit("cases", laptop.caseId, {{"legal_hold", "true"}}));
    REQUIRE(laptop.edits().edit("products", laptop.products.back(), {{"brand", "After the refusal"}}));

    auto pushed = laptop.pusher().push();
    INFO((pushed ? std::string() : pushed.error().message + " / " + pushed.error().detail));
    REQUIRE(pushed);
    CHECK(pushed->applied == 1);
    REQUIRE(pushed->conflict);
    const auto conflict = *pushed->conflict;
    CHECK(conflict.table == "cases");
    CHECK(conflict.refusal == "Only a manager or a records manager may place a legal hold.");
    REQUIRE(conflict.fields.size() == 1);
    CHECK(conflict.fields.front().mine == "true");
    CHECK(conflict.fields.front().theirs == "false");
    CHECK(laptop.serverValue("brand", first) == "Before the refusal");
    CHECK(laptop.serverValue("brand", laptop.products.back()).empty());
    CHECK(laptop.edits().pendingCount().value_or(0) == 2);

    // Pushing again stops at it again: nothing is lost, nothing goes out of order.
    auto again = laptop.pusher().push();
    REQUIRE(again);
    CHECK(again->applied == 0);
    REQUIRE(again->conflict);
    CHECK_FALSE(again->conflict->refusal.empty());

    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);
    const auto keepMine = resolver.resolve(conflict, {{"legal_hold", true}});
    REQUIRE_FALSE(keepMine);
    CHECK_THAT(keepMine.error().message, Catch::Contains("can only be discarded"));
    REQUIRE(resolver.resolve(conflict, {}));
    CHECK(laptop.edits().row("cases", laptop.caseId).value_or("").find("\"legal_hold\":false") != std::string::npos);
    CHECK_THAT(lastResolution(laptop.caseId), Catch::Contains("legal_hold"));

    auto rest = laptop.pusher().push();
    REQUIRE(rest);
    CHECK(rest->applied == 1);
    CHECK_FALSE(rest->conflict);
    CHECK(laptop.serverValue("brand", laptop.products.back()) == "After the refusal");
    CHECK(laptop.edits().pendingCount().value_or(-1) == 0);
}
