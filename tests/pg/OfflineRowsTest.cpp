// Rows added and removed offline (issue: offline field work): a product or a sample added on the
// laptop has a local id until the push, which inserts it once (a retry after a lost reply finds
// the entry recorded) and gives the cache, and every row and queued edit naming it, the server's
// id; a removal goes on the row's version, and when the office changed the row meanwhile the
// person decides. Real SQLCipher cache, the officer's SoftHSM card, the dev server.
#include "core/sync/CachedCaseStore.h"
#include "core/sync/ConflictResolver.h"
#include "core/sync/OfflineEdits.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <stdexcept>

using cms::core::sync::ConflictResolver;
using cms::core::sync::OfflineEdits;
using cms::core::sync::OutboxPusher;
using cms::core::sync::PushConflict;
using cms::tests::adminConnection;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

struct InjectedFault : std::runtime_error
{
    InjectedFault()
        : std::runtime_error("fault injected by the test")
    {}
};

std::string cachedData(const Laptop& laptop, const std::string& table, const std::string& rowId)
{
    return laptop.cache->database()
        .queryValue("SELECT data FROM cached_rows WHERE table_name = ?1 AND row_id = ?2", {table, rowId})
        .value()
        .value_or("");
}

// The case's rows of a kind as the laptop shows them (rows removed here left out).
std::set<std::string> shownIds(const Laptop& laptop, const std::string& table)
{
    const auto* spec = cms::core::cases::CaseRowSpec::ofTable(table);
    REQUIRE(spec != nullptr);
    const auto rows = cms::core::sync::CachedCaseStore(laptop.cache->database()).rows(*spec, laptop.caseId);
    REQUIRE(rows);
    std::set<std::string> ids;
    for (const auto& row : *rows) {
        ids.insert(row.id);
    }
    return ids;
}

std::string serverCount(const std::string& sql, const std::vector<std::string>& params)
{
    return must(adminConnection(), sql, {params.begin(), params.end()}).text(0, 0);
}

} // namespace

TEST_CASE("Rows added and removed offline reach the server once, with the server's ids in the cache and in what "
          "names them",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    const auto edits = laptop.edits();
    const auto product = edits.add("products", laptop.caseId, {{"name", "Field kettle"}, {"model", "FK-1"}});
    REQUIRE(product);
    CHECK(OfflineEdits::isLocalRow(*product));
    // A sample of the new product, the new product edited, an office product removed: all before
    // the push, all naming the local id.
    const auto sample = edits.add(
        "samples",
        laptop.caseId,
        {{"sample_number", "FIELD-" + laptop.caseId}, {"collected_on", "2026-11-20"}, {"product_id", *product}});
    REQUIRE(sample);
    REQUIRE(edits.edit("products", *product, {{"model", "FK-2"}}));
    const auto removed = laptop.products.front();
    REQUIRE(edits.remove("products", removed));
    CHECK(shownIds(laptop, "products") == std::set<std::string>{*product, laptop.products.back()});
    const auto again = edits.remove("products", removed);
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("was removed on this computer"));
    CHECK(edits.pendingCount().value() == 4);

    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    CHECK_FALSE(pushed->conflict);
    CHECK(pushed->applied == 4);
    CHECK(edits.pendingCount().value() == 0);

    const auto serverProduct =
        must(adminConnection(),
             "SELECT id::text, model, version FROM cms.products WHERE case_id = $1 AND name = 'Field kettle'",
             {laptop.caseId});
    REQUIRE(serverProduct.rows() == 1);
    const auto productId = serverProduct.text(0, 0);
    CHECK(serverProduct.text(0, 1) == "FK-2");
    CHECK(serverProduct.text(0, 2) == "2"); // inserted, then the edit on top
    CHECK(serverCount("SELECT product_id::text FROM cms.samples WHERE sample_number = $1", {"FIELD-" + laptop.caseId})
          == productId);
    CHECK(serverCount("SELECT count(*) FROM cms.products WHERE id = $1::bigint", {removed}) == "0");

    // The cache: the server's ids, the versions the server gave, the sample naming the product.
    CHECK(shownIds(laptop, "products") == std::set<std::string>{productId, laptop.products.back()});
    CHECK(laptop.cachedVersion(productId) == "2");
    const auto samples = shownIds(laptop, "samples");
    REQUIRE(samples.size() == 1);
    CHECK_FALSE(OfflineEdits::isLocalRow(*samples.begin()));
    CHECK_THAT(cachedData(laptop, "samples", *samples.begin()), Catch::Contains("\"" + productId + "\""));
    CHECK(cachedData(laptop, "products", removed).empty());

    const auto nothing = laptop.pusher().push();
    REQUIRE(nothing);
    CHECK(nothing->applied == 0);
}

TEST_CASE("Rows added offline reach the server exactly once through faults at every step of the push",
          "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto seed = std::random_device{}();
    INFO("random seed " << seed);
    std::mt19937 random(seed);
    std::set<std::string> kept;
    std::set<std::string> removed;
    int faults = 0;
    for (int round = 0; faults < 300; ++round) {
        const auto edits = laptop.edits();
        std::vector<std::string> added;
        for (int k = 0; k < 4; ++k) {
            const std::string name = "Faulty " + std::to_string(round) + "-" + std::to_string(k);
            const auto row = edits.add("products", laptop.caseId, {{"name", name}});
            REQUIRE(row);
            REQUIRE(edits.edit("products", *row, {{"model", name}}));
            added.push_back(*row);
            if (random() % 4 == 0) {
                REQUIRE(edits.remove("products", *row));
                removed.insert(name);
            } else {
                kept.insert(name);
            }
        }
        for (;;) {
            int countdown = static_cast<int>(random() % 20);
            try {
                const auto report = laptop
                                        .pusher([&](OutboxPusher::Step) {
                                            if (countdown-- == 0) {
                                                throw InjectedFault();
                                            }
                                        })
                                        .push();
                REQUIRE(report);
                REQUIRE_FALSE(report->conflict);
                break;
            } catch (const InjectedFault&) {
                ++faults;
                laptop.reopen();
            }
        }
    }
    CHECK(laptop.edits().pendingCount().value() == 0);
    const auto atServer = must(adminConnection(),
                               "SELECT name, count(*), min(model), min(version) FROM cms.products WHERE case_id = $1 "
                               "AND name LIKE 'Faulty %' GROUP BY name",
                               {laptop.caseId});
    std::set<std::string> names;
    for (int row = 0; row < atServer.rows(); ++row) {
        INFO(atServer.text(row, 0));
        CHECK(atServer.text(row, 1) == "1");                   // inserted once
        CHECK(atServer.text(row, 2) == atServer.text(row, 0)); // its edit applied
        CHECK(atServer.text(row, 3) == "2");                   // once
        names.insert(atServer.text(row, 0));
    }
    CHECK(names == kept);
    const auto shown = shownIds(laptop, "products");
    CHECK(shown.size() == kept.size() + 1);
    for (const auto& id : shown) {
        CHECK_FALSE(OfflineEdits::isLocalRow(id));
    }
    CHECK(laptop.cache->database().queryValue("PRAGMA integrity_check").value() == std::optional<std::string>("ok"));
}

TEST_CASE("A row removed offline that the office changed meanwhile goes back to the person: kept, or removed all "
          "the same",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);
    const auto kept = laptop.products.front();
    const auto goes = laptop.products.back();
    for (const auto& product : {kept, goes}) {
        REQUIRE(laptop.edits().remove("products", product));
        must(adminConnection(),
             "UPDATE cms.products SET model = 'Office model', version = 1 WHERE id = $1::bigint",
             {product});
    }

    auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    auto conflict = *pushed->conflict;
    CHECK(conflict.kind == "delete");
    CHECK(conflict.rowId == kept);
    REQUIRE(conflict.fields.size() == 1);
    CHECK(conflict.fields.front().field == "model");
    CHECK(conflict.fields.front().theirs == std::optional<std::string>("Office model"));
    CHECK(shownIds(laptop, "products").empty());

    const auto unchosen = resolver.resolve(conflict, {});
    REQUIRE_FALSE(unchosen);
    REQUIRE(resolver.resolve(conflict, {{PushConflict::kRemoveAnyway, false}}));
    CHECK(shownIds(laptop, "products") == std::set<std::string>{kept});
    CHECK_THAT(cachedData(laptop, "products", kept), Catch::Contains("Office model"));
    CHECK(laptop.cachedVersion(kept) == "2");

    pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    conflict = *pushed->conflict;
    CHECK(conflict.rowId == goes);
    // The office changes it once more before the person chooses: the choice waits for a sync.
    must(adminConnection(), "UPDATE cms.products SET brand = 'Newer' WHERE id = $1::bigint", {goes});
    const auto stale = resolver.resolve(conflict, {{PushConflict::kRemoveAnyway, true}});
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().message, Catch::Contains("changed again at the office"));
    pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    REQUIRE(resolver.resolve(*pushed->conflict, {{PushConflict::kRemoveAnyway, true}}));
    pushed = laptop.pusher().push();
    REQUIRE(pushed);
    CHECK_FALSE(pushed->conflict);
    CHECK(pushed->applied == 1);
    CHECK(serverCount("SELECT count(*) FROM cms.products WHERE id = $1::bigint", {goes}) == "0");
    CHECK(serverCount("SELECT count(*) FROM cms.products WHERE id = $1::bigint", {kept}) == "1");
    CHECK(shownIds(laptop, "products") == std::set<std::string>{kept});
    CHECK_THAT(serverCount("SELECT string_agg(details::text, ' | ' ORDER BY id) FROM cms_audit.events WHERE "
                           "event_type = 'sync.conflict_resolved' AND object_id = ANY (ARRAY[$1, $2])",
                           {kept, goes}),
               Catch::Contains(R"("removed": false)") && Catch::Contains(R"("removed": true)"));
}

TEST_CASE("A row added offline that the server refuses can only be discarded, with its edits", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto edits = laptop.edits();
    // Sample numbers are unique at the office: this one is taken by the time the laptop syncs.
    const std::string number = "TAKEN-" + laptop.caseId;
    const auto sample =
        edits.add("samples", laptop.caseId, {{"sample_number", number}, {"collected_on", "2026-11-21"}});
    REQUIRE(sample);
    REQUIRE(edits.edit("samples", *sample, {{"port_of_entry", "Savannah"}}));
    REQUIRE(edits.edit("products", laptop.products.front(), {{"model", "After the refused one"}}));
    must(adminConnection(),
         "INSERT INTO cms.samples (case_id, sample_number, collected_on) VALUES ($1, $2, '2026-11-19')",
         {laptop.caseId, number});

    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    const auto conflict = *pushed->conflict;
    CHECK(conflict.kind == "insert");
    CHECK(conflict.rowId == *sample);
    CHECK_FALSE(conflict.refusal.empty());
    CHECK(pushed->applied == 0);

    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);
    const auto keepMine = resolver.resolve(conflict, {{"sample_number", true}});
    REQUIRE_FALSE(keepMine);
    CHECK_THAT(keepMine.error().message, Catch::Contains("can only be discarded"));
    REQUIRE(resolver.resolve(conflict, {}));
    CHECK(shownIds(laptop, "samples").empty());
    CHECK(edits.pendingCount().value() == 1); // the product's edit, after it, still to go

    const auto rest = laptop.pusher().push();
    REQUIRE(rest);
    CHECK_FALSE(rest->conflict);
    CHECK(rest->applied == 1);
    CHECK(laptop.serverValue("model", laptop.products.front()) == "After the refused one");
    CHECK(serverCount("SELECT count(*) FROM cms.samples WHERE sample_number = $1", {number}) == "1");
}

TEST_CASE("Rows added offline across several push batches keep naming each other by the server's ids",
          "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto edits = laptop.edits();
    constexpr int kPairs = 130; // 260 entries: more than one batch of 200
    for (int i = 0; i < kPairs; ++i) {
        const auto product = edits.add("products", laptop.caseId, {{"name", "B-" + std::to_string(i)}});
        REQUIRE(product);
        REQUIRE(edits.add("samples",
                          laptop.caseId,
                          {{"sample_number", laptop.caseId + "-S-" + std::to_string(i)},
                           {"collected_on", "2026-11-22"},
                           {"product_id", *product}}));
    }
    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    CHECK_FALSE(pushed->conflict);
    CHECK(pushed->applied == 2 * kPairs);
    CHECK(serverCount("SELECT count(*) FROM cms.samples s JOIN cms.products p ON p.id = s.product_id WHERE "
                      "s.case_id = $1 AND s.sample_number = $1 || '-S-' || substr(p.name, 3)",
                      {laptop.caseId})
          == std::to_string(kPairs));
    CHECK(
        laptop.cache->database()
            .queryValue("SELECT count(*) FROM cached_rows WHERE instr(row_id, 'new-') > 0 OR instr(data, '\"new-') > 0")
            .value()
        == std::optional<std::string>("0"));
}

TEST_CASE("A new product the server refuses is discarded, the products before it go, and what named it names nothing",
          "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto edits = laptop.edits();
    REQUIRE(edits.add("products", laptop.caseId, {{"name", "Good kettle"}}));
    // A UPC whose check digit is wrong: the server's constraint refuses the row.
    const auto refused = edits.add("products", laptop.caseId, {{"name", "Bad kettle"}, {"upc", "036000291453"}});
    REQUIRE(refused);
    const std::string number = laptop.caseId + "-BAD";
    REQUIRE(edits.add("samples",
                      laptop.caseId,
                      {{"sample_number", number}, {"collected_on", "2026-11-22"}, {"product_id", *refused}}));

    const auto pushed = laptop.pusher().push();
    REQUIRE(pushed);
    REQUIRE(pushed->conflict);
    CHECK(pushed->conflict->kind == "insert");
    CHECK(pushed->conflict->rowId == *refused);
    CHECK(pushed->applied == 1); // the product before it, sent again alone after the batch rolled back
    CHECK(serverCount("SELECT count(*) FROM cms.products WHERE case_id = $1 AND name = 'Good kettle'", {laptop.caseId})
          == "1");

    REQUIRE(ConflictResolver(laptop.cache->database(), laptop.officer.connection).resolve(*pushed->conflict, {}));
    const auto rest = laptop.pusher().push();
    REQUIRE(rest);
    CHECK_FALSE(rest->conflict);
    CHECK(rest->applied == 1);
    CHECK(serverCount("SELECT coalesce(product_id::text, 'none') FROM cms.samples WHERE sample_number = $1", {number})
          == "none");
    CHECK(serverCount("SELECT count(*) FROM cms.products WHERE case_id = $1", {laptop.caseId}) == "2");
}

TEST_CASE("A removal the server refuses is discarded and the row comes back as the office has it", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto product = laptop.products.front();
    const auto entry = laptop.edits().remove("products", product);
    REQUIRE(entry);
    CHECK(shownIds(laptop, "products").empty());
    // As OutboxPusher reports a removal the server refuses outright (a rule of its own).
    const PushConflict conflict{*entry, "products", product, 1, 1, {}, "not allowed", "delete"};
    const ConflictResolver resolver(laptop.cache->database(), laptop.officer.connection);
    const auto removeAnyway = resolver.resolve(conflict, {{PushConflict::kRemoveAnyway, true}});
    REQUIRE_FALSE(removeAnyway);
    CHECK_THAT(removeAnyway.error().message, Catch::Contains("can only be discarded"));
    REQUIRE(resolver.resolve(conflict, {}));
    CHECK(shownIds(laptop, "products") == std::set<std::string>{product});
    CHECK(laptop.edits().pendingCount().value() == 0);
}

TEST_CASE("A form opened before a sync cannot name a new row by the local id it had", "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto edits = laptop.edits();
    const auto product = edits.add("products", laptop.caseId, {{"name", "Synced kettle"}});
    REQUIRE(product);
    REQUIRE(laptop.pusher().push());
    const auto stale = edits.add(
        "samples",
        laptop.caseId,
        {{"sample_number", laptop.caseId + "-STALE"}, {"collected_on", "2026-11-22"}, {"product_id", *product}});
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().message, Catch::Contains("\"product_id\" names was synced or discarded meanwhile"));
    CHECK(edits.pendingCount().value() == 0);
}
