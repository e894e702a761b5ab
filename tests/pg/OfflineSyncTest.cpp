// Pushing offline edits (issue: offline field work): the outbox of a real SQLCipher cache, opened
// with the officer's SoftHSM card, pushed over the officer's card connection to the dev server.
// The server applies an edit only on its base version and remembers its id, so a retry changes
// nothing; a stale edit is a conflict; and faults injected at every step of a push lose no edit
// and apply none twice.
#include "core/cache/OfflineCache.h"
#include "core/sync/ChangePuller.h"
#include "core/sync/FieldWork.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OutboxPusher.h"
#include "tests/TestPaths.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <random>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>

using cms::core::cache::OfflineCache;
using cms::core::sync::ChangePuller;
using cms::core::sync::OfflineEdits;
using cms::core::sync::OutboxPusher;
using cms::tests::adminConnection;
using cms::tests::must;
using cms::tests::newPortCase;
using cms::tests::uuidArray;
using Laptop = cms::tests::SyncLaptop;
namespace fs = std::filesystem;

namespace {

struct InjectedFault : std::runtime_error
{
    InjectedFault()
        : std::runtime_error("fault injected by the test")
    {}
};

} // namespace

TEST_CASE("An offline edit reaches the server once, even when the reply to its push is lost", "[pg][token][sync]")
{
    Laptop laptop(2);
    const auto product = laptop.products.front();
    REQUIRE(laptop.edits().edit("products", product, {{"model", "H-1 rev B"}}));
    CHECK(laptop.edits().pendingCount().value() == 1);
    CHECK_THAT(laptop.edits().row("products", product).value(), Catch::Contains("H-1 rev B"));

    // The server commits, the reply never arrives.
    const auto lost = [](OutboxPusher::Step step) {
        if (step == OutboxPusher::Step::AfterServerCommit) {
            throw InjectedFault();
        }
    };
    CHECK_THROWS_AS((void)laptop.pusher(lost).push(), InjectedFault);
    CHECK(laptop.serverValue("model", product) == "H-1 rev B");
    CHECK(laptop.serverValue("version", product) == "2");
    CHECK(laptop.edits().pendingCount().value() == 1);

    // Pushed again: the server knows the entry and changes nothing; the laptop settles.
    const auto again = laptop.pusher().push();
    REQUIRE(again);
    CHECK(again->applied == 0);
    CHECK(again->appliedBefore == 1);
    CHECK(laptop.serverValue("version", product) == "2");
    CHECK(laptop.cachedVersion(product) == "2");
    CHECK(laptop.edits().pendingCount().value() == 0);
}

TEST_CASE("A stale offline edit comes back as a conflict, and nothing on the server is overwritten",
          "[pg][token][sync]")
{
    Laptop laptop(1);
    const auto product = laptop.products.front();
    const auto investigator = cms::tests::connectAs("iibarra");
    must(investigator.connection,
         "UPDATE cms.products SET model = 'Changed by Ivan', version = 1 WHERE id = $1::bigint",
         {product});
    REQUIRE(laptop.edits().edit("products", product, {{"model", "Changed offline by Olivia"}}));

    const auto report = laptop.pusher().push();
    REQUIRE(report);
    REQUIRE(report->conflict);
    CHECK(report->conflict->rowId == product);
    CHECK(report->conflict->baseVersion == 1);
    CHECK(report->conflict->serverVersion == 2);
    REQUIRE(report->conflict->fields.size() == 1); // the three-way view's material
    CHECK(report->conflict->fields[0].field == "model");
    CHECK(report->conflict->fields[0].base == "H-1");
    CHECK(report->conflict->fields[0].mine == "Changed offline by Olivia");
    CHECK(report->conflict->fields[0].theirs == "Changed by Ivan");
    CHECK(laptop.serverValue("model", product) == "Changed by Ivan");
    CHECK(laptop.edits().pendingCount().value() == 1); // kept for the person to resolve

    // What no edit may change is refused by the server, in words, whatever a client sends.
    for (const auto& [target, changed] : {std::pair{"products", R"({"case_id": "X"})"},
                                          std::pair{"products", R"({"no_such_field": "1"})"},
                                          std::pair{"staff", R"({"job_role": "manager"})"}}) {
        auto refused = laptop.officer.connection.exec(
            "SELECT * FROM cms.apply_edit(gen_random_uuid(), $1, $2, 2, $3::jsonb)", {target, product, changed});
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("edit") || Catch::Contains("synced"));
    }
}

TEST_CASE("Edits queued on one row over several batches each go on the version the one before left, none taken for a "
          "merge",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    constexpr int kEdits = 450; // three batches of the push
    for (int i = 0; i < kEdits; ++i) {
        const auto& product = laptop.products[static_cast<std::size_t>(i % 2)];
        REQUIRE(laptop.edits().edit("products", product, {{"model", "QB-" + std::to_string(i)}}));
    }
    const auto report = laptop.pusher().push();
    REQUIRE(report);
    CHECK(report->applied == kEdits);
    CHECK(report->merged == 0); // before: every edit of a row after the first batch met its predecessor
    CHECK_FALSE(report->conflict);
    for (std::size_t p = 0; p < 2; ++p) {
        CHECK(laptop.serverValue("model", laptop.products[p]) == "QB-" + std::to_string(kEdits - 2 + p));
        CHECK(laptop.serverValue("version", laptop.products[p]) == std::to_string(1 + kEdits / 2));
        CHECK(laptop.cachedVersion(laptop.products[p]) == laptop.serverValue("version", laptop.products[p]));
    }
}

TEST_CASE("A thousand faults injected at every step of pushes lose no edit and apply none twice", "[pg][token][sync]")
{
    Laptop laptop(5);
    const auto seed = std::random_device{}();
    INFO("random seed " << seed);
    std::mt19937 random(seed);
    std::map<std::string, std::string> lastModel;
    std::map<std::string, int> editsOf;
    std::vector<std::string> entries;
    int faults = 0;
    std::map<OutboxPusher::Step, int> faultsAt;
    for (int round = 0; faults < 1000; ++round) {
        for (int k = 0; k < 10; ++k) {
            const auto& product = laptop.products[random() % laptop.products.size()];
            const std::string model = "FI-" + std::to_string(round) + "-" + std::to_string(k);
            auto entry = laptop.edits().edit("products", product, {{"model", model}});
            REQUIRE(entry);
            entries.push_back(*entry);
            lastModel[product] = model;
            ++editsOf[product];
        }
        for (;;) {
            // Hook calls per push: one per entry sent, then two (about 12 with 10 entries): most
            // pushes fault somewhere, each step in turn.
            int countdown = static_cast<int>(random() % 16);
            try {
                const auto report = laptop
                                        .pusher([&](OutboxPusher::Step step) {
                                            if (countdown-- == 0) {
                                                ++faultsAt[step];
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

    for (const auto step : {OutboxPusher::Step::BeforeSend,
                            OutboxPusher::Step::AfterServerCommit,
                            OutboxPusher::Step::InLocalTransaction}) {
        CHECK(faultsAt[step] >= 50); // every step had its share
    }
    CHECK(laptop.edits().pendingCount().value() == 0);
    for (const auto& product : laptop.products) {
        INFO("product " << product);
        CHECK(laptop.serverValue("model", product) == lastModel[product]);
        // Every edit applied exactly once: one version step each.
        CHECK(laptop.serverValue("version", product) == std::to_string(1 + editsOf[product]));
        CHECK(laptop.cachedVersion(product) == laptop.serverValue("version", product));
    }
    CHECK(must(laptop.officer.connection,
               "SELECT count(*) FROM cms.sync_entries WHERE entry_id = ANY ($1::uuid[])",
               {uuidArray(entries)})
              .text(0, 0)
          == std::to_string(entries.size()));
    CHECK(laptop.cache->database().queryValue("PRAGMA integrity_check").value() == std::optional<std::string>("ok"));
}

TEST_CASE("Check-out brings a case as the person may see it, and a pull brings what changed since", "[pg][token][sync]")
{
    Laptop laptop(3);
    const auto admin = adminConnection();
    const auto person = must(admin,
                             "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', 'individual') "
                             "RETURNING id",
                             {laptop.caseId})
                            .text(0, 0);
    must(admin,
         "INSERT INTO cms.people_pii (person_id, case_id, full_name) VALUES ($1, $2, 'Ottoline Quartermaine')",
         {person, laptop.caseId});
    const auto hidden = must(admin,
                             "INSERT INTO cms.cases (title, case_type, team_id, restricted) SELECT 'Restricted "
                             "elsewhere', 'other', id, true FROM cms.teams WHERE name = 'Headquarters' RETURNING id")
                            .text(0, 0);
    const ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
    const auto cached = [&](const std::string& sql, const std::vector<cms::core::cache::CacheValue>& params = {}) {
        return laptop.cache->database().queryValue(sql, params).value().value_or("");
    };

    const auto taken = puller.checkOut({laptop.caseId, hidden});
    REQUIRE(taken);
    CHECK(taken->rowsStored == 5); // the case, its three products and its person
    CHECK(cached("SELECT group_concat(case_id) FROM checked_out") == laptop.caseId); // not the hidden one
    CHECK(cached("SELECT count(*) FROM cached_rows WHERE data LIKE '%Ottoline%'")
          == "0"); // masked rows only (PiiCheckout)
    CHECK(cached("SELECT count(*) FROM cached_rows WHERE table_name = 'people'") == "1");

    // At the office: one product changed, one deleted; the third changed here and there.
    const auto& p = laptop.products;
    must(admin,
         "UPDATE cms.products SET model = 'Changed at the office', version = version WHERE id = $1::bigint",
         {p[0]});
    must(admin, "DELETE FROM cms.products WHERE id = $1::bigint", {p[1]});
    must(admin, "UPDATE cms.products SET brand = 'Office brand', version = version WHERE id = $1::bigint", {p[2]});
    REQUIRE(laptop.edits().edit("products", p[2], {{"model", "Changed in the field"}}));

    const auto pulled = puller.pull();
    REQUIRE(pulled);
    CHECK(pulled->rowsRemoved == 1);
    CHECK(pulled->rowsKeptForPendingEdits == 1);
    CHECK_THAT(laptop.edits().row("products", p[0]).value(), Catch::Contains("Changed at the office"));
    CHECK_FALSE(laptop.edits().row("products", p[1]));
    CHECK_THAT(laptop.edits().row("products", p[2]).value(), Catch::Contains("Changed in the field"));
    CHECK_THAT(pulled->cursor, Catch::Matches(R"(\d+:\d+:[\d,]*)")); // a snapshot: xmin:xmax:in-progress
    CHECK(cached("SELECT value FROM cache_meta WHERE name = 'pull_cursor'") == pulled->cursor);

    const auto idle = puller.pull(); // nothing changed since
    REQUIRE(idle);
    CHECK(idle->rowsStored + idle->rowsRemoved + idle->rowsKeptForPendingEdits == 0);

    // Closed at the office: the case leaves the cache, except the row whose edit is still to push.
    must(admin,
         "UPDATE cms.cases SET status = 'closed', closed_on = current_date, closure_reason = 'Firm recalled the "
         "heaters' WHERE id = $1",
         {laptop.caseId});
    const auto closed = puller.pull();
    REQUIRE(closed);
    CHECK(closed->casesLeft == std::vector{laptop.caseId});
    CHECK(cached("SELECT count(*) FROM checked_out") == "0");
    CHECK(cached("SELECT group_concat(row_id) FROM cached_rows WHERE case_id = ?1", {laptop.caseId}) == p[2]);
    CHECK(laptop.edits().pendingCount().value() == 1);
}

TEST_CASE("Chosen cases are taken as the person may see them, and those not taken are named", "[pg][token][sync]")
{
    Laptop laptop(0);
    const auto admin = adminConnection();
    const auto colleagues = newPortCase(1);
    must(admin, "UPDATE cms.cases SET assigned_to = 'iibarra' WHERE id = $1", {colleagues});
    const auto hidden = must(admin,
                             "INSERT INTO cms.cases (title, case_type, team_id, restricted) SELECT 'Restricted "
                             "elsewhere', 'other', id, true FROM cms.teams WHERE name = 'Headquarters' RETURNING id")
                            .text(0, 0);
    const std::string noSuchCase = "no-such-case";
    const auto& cache = laptop.cache->database();

    const auto none = cms::core::sync::FieldWork::takeChosenCases(cache, laptop.officer.connection, {});
    REQUIRE_FALSE(none);
    CHECK_THAT(none.error().message, Catch::Contains("Choose the cases"));

    const auto taken =
        cms::core::sync::FieldWork::takeChosenCases(cache, laptop.officer.connection, {colleagues, hidden, noSuchCase});
    REQUIRE(taken);
    CHECK(taken->casesNotTaken == std::vector<std::string>{hidden, noSuchCase});
    CHECK(cache.queryValue("SELECT assigned_to_me FROM checked_out WHERE case_id = ?1", {colleagues}).value() == "0");
    CHECK(
        cache
            .queryValue("SELECT count(*) FROM cached_rows WHERE table_name = 'products' AND case_id = ?1", {colleagues})
            .value()
        == "1");
    CHECK(must(admin,
               "SELECT details->>'cases_asked' || '/' || (details->>'cases_not_taken') FROM cms_audit.events "
               "WHERE event_type = 'sync.check_out' AND actor = 'oortega' ORDER BY id DESC LIMIT 1")
              .text(0, 0)
          == "3/2");
}

TEST_CASE("The firms of a checked-out case come with it and follow the office's changes", "[pg][token][sync]")
{
    Laptop laptop(1);
    const ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
    const auto admin = adminConnection();
    const auto firm =
        must(admin, "INSERT INTO cms.firms (name, city) VALUES ('Acme Heaters', 'Dayton') RETURNING id::text")
            .text(0, 0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, 'manufacturer')",
         {laptop.caseId, firm});
    const std::string link = laptop.caseId + "/" + firm + ":manufacturer";
    const auto cachedLink = [&] {
        return laptop.cache->database()
            .queryValue("SELECT data FROM cached_rows WHERE table_name = 'case_firms' AND row_id = ?1", {link})
            .value()
            .value_or("");
    };

    REQUIRE(puller.pull());
    CHECK_THAT(cachedLink(), Catch::Contains(R"("firm_role": "manufacturer")") && Catch::Contains("Acme Heaters"));

    must(admin, "UPDATE cms.firms SET name = 'Acme Heaters Ltd', version = version WHERE id = $1::bigint", {firm});
    const auto renamed = puller.pull();
    REQUIRE(renamed);
    CHECK(renamed->rowsStored >= 1); // the link (and the case, whose lead firm it names: 0015)
    CHECK_THAT(cachedLink(), Catch::Contains("Acme Heaters Ltd"));

    // Another case taken here names the same firm in the same role: each keeps its own link, and
    // giving one back leaves the other's.
    const auto other = newPortCase(0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, 'manufacturer')",
         {other, firm});
    REQUIRE(puller.checkOut({other}));
    const auto links = [&] {
        return laptop.cache->database()
            .queryValue("SELECT group_concat(case_id, ',') FROM (SELECT case_id FROM cached_rows WHERE table_name = "
                        "'case_firms' ORDER BY case_id)")
            .value()
            .value_or("");
    };
    CHECK(links() == (std::min(laptop.caseId, other) + "," + std::max(laptop.caseId, other)));
    REQUIRE(puller.giveBack({other}));
    CHECK(links() == laptop.caseId);

    must(admin, "DELETE FROM cms.case_firms WHERE case_id = $1", {laptop.caseId});
    const auto removed = puller.pull();
    REQUIRE(removed);
    CHECK(removed->rowsRemoved == 1);
    CHECK(cachedLink().empty());
}

TEST_CASE("A change whose transaction commits after a pull has read a later change is pulled next time",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    const ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
    REQUIRE(puller.pull());
    const auto& p = laptop.products;

    // A slow transaction at the office changes the first product (its change number comes
    // first) and is held before its commit (and before its audit event, which would hold the
    // audit chain's lock) by an advisory lock the test holds; a quick one changes the second
    // product and commits; the laptop pulls between the two commits.
    const auto control = adminConnection();
    const std::string lockKey = std::to_string(std::random_device{}());
    must(control, "SELECT pg_advisory_lock($1::bigint)", {lockKey});
    std::string slowFailure;
    std::thread slow([&] {
        auto done = adminConnection().exec(
            "WITH changed AS (UPDATE cms.products SET model = 'Slow transaction', version = version "
            "WHERE id = $1::bigint RETURNING id) SELECT pg_advisory_xact_lock($2::bigint) FROM changed",
            {p[0], lockKey});
        slowFailure = done ? "" : done.error().message;
    });
    for (int wait = 0; wait < 500
                       && must(control,
                               "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                               "AND (classid::bigint << 32 | objid::bigint) = $1::bigint",
                               {lockKey})
                                  .text(0, 0)
                              == "0";
         ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    must(adminConnection(),
         "UPDATE cms.products SET model = 'Quick transaction', version = version WHERE id = $1::bigint",
         {p[1]});
    const auto between = puller.pull();
    must(control, "SELECT pg_advisory_unlock($1::bigint)", {lockKey});
    slow.join();
    REQUIRE(slowFailure.empty());
    REQUIRE(between);
    CHECK(between->rowsStored == 1);
    CHECK_THAT(laptop.edits().row("products", p[1]).value(), Catch::Contains("Quick transaction"));
    CHECK_THAT(laptop.edits().row("products", p[0]).value(), !Catch::Contains("Slow transaction"));

    // The case this is about: the change pulled later drew the lower change number.
    CHECK(std::stoll(laptop.serverValue("change_seq", p[0])) < std::stoll(laptop.serverValue("change_seq", p[1])));
    const auto after = puller.pull();
    REQUIRE(after);
    CHECK(after->rowsStored == 1);
    CHECK_THAT(laptop.edits().row("products", p[0]).value(), Catch::Contains("Slow transaction"));
    CHECK_THAT(laptop.edits().row("products", p[0]).value(), !Catch::Contains("change_xid"));

    const auto idle = puller.pull();
    REQUIRE(idle);
    CHECK(idle->rowsStored == 0);
}

TEST_CASE("A cache whose cursor is a change number from before snapshots fetches its cases again once",
          "[pg][token][sync]")
{
    Laptop laptop(2);
    const ChangePuller puller(laptop.cache->database(), laptop.officer.connection);
    REQUIRE(laptop.cache->database().query("UPDATE cache_meta SET value = '1' WHERE name = 'pull_cursor'"));
    const auto pulled = puller.pull();
    REQUIRE(pulled);
    CHECK(pulled->rowsStored == 3); // the case and its two products
    CHECK(pulled->cursor.find(':') != std::string::npos);
}

extern char** environ;

TEST_CASE("A push killed with SIGKILL part-way loses no edit and applies none twice", "[pg][token][sync]")
{
    Laptop laptop(5);
    std::mt19937 random(std::random_device{}());
    std::map<std::string, std::string> lastModel;
    std::map<std::string, int> editsOf;
    std::vector<std::string> entries;
    for (int i = 0; i < 1500; ++i) {
        const auto& product = laptop.products[random() % laptop.products.size()];
        const std::string model = "KILL-" + std::to_string(i);
        auto entry = laptop.edits().edit("products", product, {{"model", model}});
        REQUIRE(entry);
        entries.push_back(*entry);
        lastModel[product] = model;
        ++editsOf[product];
    }
    const auto applied = [&] {
        return std::stoi(must(laptop.officer.connection,
                              "SELECT count(*) FROM cms.sync_entries WHERE entry_id = ANY ($1::uuid[])",
                              {uuidArray(entries)})
                             .text(0, 0));
    };

    // A worker process pushes; it is killed once the server holds more of the entries than before.
    int killedPartWay = 0;
    for (const int step : {1, 250, 500}) {
        const int target = applied() + step;
        laptop.cache.reset(); // the worker's now
        const std::string worker = SYNC_WORKER_PATH;
        const std::string folder = laptop.folder.string();
        std::string token = "oortega";
        std::string program = worker;
        std::vector<char*> argv{program.data(), const_cast<char*>(folder.c_str()), token.data(), nullptr};
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, worker.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
        int status = 0;
        bool exited = false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!exited && applied() < target && std::chrono::steady_clock::now() < deadline) {
            exited = waitpid(pid, &status, WNOHANG) == pid;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (!exited) {
            kill(pid, SIGKILL);
            REQUIRE(waitpid(pid, &status, 0) == pid);
            killedPartWay += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 1 : 0;
        }
        laptop.reopen();
    }
    CHECK(killedPartWay >= 2);

    // Back on the laptop: the rest goes, and everything is on the server exactly once.
    const auto rest = laptop.pusher().push();
    REQUIRE(rest);
    REQUIRE_FALSE(rest->conflict);
    CHECK(rest->applied < static_cast<int>(entries.size()) - 500); // the killed workers did part of it
    CHECK(laptop.edits().pendingCount().value() == 0);
    CHECK(applied() == static_cast<int>(entries.size()));
    for (const auto& product : laptop.products) {
        INFO("product " << product);
        CHECK(laptop.serverValue("model", product) == lastModel[product]);
        CHECK(laptop.serverValue("version", product) == std::to_string(1 + editsOf[product]));
        CHECK(laptop.cachedVersion(product) == laptop.serverValue("version", product));
    }
    CHECK(laptop.cache->database().queryValue("PRAGMA integrity_check").value() == std::optional<std::string>("ok"));
}

TEST_CASE("Two laptops edit the same case offline: fields changed on one side merge, a field changed on both "
          "is the person's choice",
          "[pg][token][sync]")
{
    const auto caseId = newPortCase(2);
    Laptop olivia("oortega", caseId); // RSA card
    Laptop ivan("iibarra", caseId);   // EC card
    const auto& first = olivia.products[0];
    const auto& second = olivia.products[1];
    REQUIRE(olivia.edits().edit("products", first, {{"model", "H-1 rev B"}}));
    REQUIRE(olivia.edits().edit("products", second, {{"style", "tower"}}));
    REQUIRE(ivan.edits().edit("products", first, {{"brand", "Warmly"}}));   // another field: merges
    REQUIRE(ivan.edits().edit("products", second, {{"style", "compact"}})); // the same field: a choice

    const auto oliviaPushed = olivia.pusher().push();
    REQUIRE(oliviaPushed);
    CHECK(oliviaPushed->applied == 2);
    const auto ivanPushed = ivan.pusher().push();
    REQUIRE(ivanPushed);
    CHECK(ivanPushed->applied == 1);
    CHECK(ivanPushed->merged == 1);
    REQUIRE(ivanPushed->conflict);
    CHECK(ivanPushed->conflict->rowId == second);
    REQUIRE(ivanPushed->conflict->fields.size() == 1);
    CHECK(ivanPushed->conflict->fields[0].field == "style");
    CHECK(ivanPushed->conflict->fields[0].base == std::nullopt);
    CHECK(ivanPushed->conflict->fields[0].mine == "compact");
    CHECK(ivanPushed->conflict->fields[0].theirs == "tower");

    // The server holds both people's fields of the first product, and Olivia's choice of style.
    CHECK(olivia.serverValue("model", first) == "H-1 rev B");
    CHECK(olivia.serverValue("brand", first) == "Warmly");
    CHECK(olivia.serverValue("style", second) == "tower");
    CHECK(ivan.edits().pendingCount().value() == 1);

    // After a pull each, both laptops hold the first product as the server does.
    REQUIRE(ChangePuller(olivia.cache->database(), olivia.officer.connection).pull());
    REQUIRE(ChangePuller(ivan.cache->database(), ivan.officer.connection).pull());
    const auto oliviaRow = olivia.edits().row("products", first).value();
    CHECK(oliviaRow == ivan.edits().row("products", first).value());
    CHECK_THAT(oliviaRow, Catch::Contains("Warmly") && Catch::Contains("H-1 rev B"));
}

TEST_CASE("After an edit merged on top of others' changes, the next edit of the row is compared with them too",
          "[pg][token][sync]")
{
    const auto caseId = newPortCase(1);
    Laptop ivan("iibarra", caseId);
    const auto& product = ivan.products[0];
    REQUIRE(ivan.edits().edit("products", product, {{"brand", "Warmly"}})); // nobody else touches the brand
    REQUIRE(ivan.edits().edit("products", product, {{"model", "H-1 by Ivan"}}));
    const auto olivia = cms::tests::connectAs("oortega");
    must(olivia.connection,
         "UPDATE cms.products SET model = 'H-1 by Olivia', version = 1 WHERE id = $1::bigint",
         {product});

    const auto pushed = ivan.pusher().push();
    REQUIRE(pushed);
    CHECK(pushed->merged == 1); // the brand
    REQUIRE(pushed->conflict);  // the model: Olivia's is not overwritten
    REQUIRE(pushed->conflict->fields.size() == 1);
    CHECK(pushed->conflict->fields[0].field == "model");
    CHECK(pushed->conflict->fields[0].theirs == "H-1 by Olivia");
    CHECK(ivan.serverValue("model", product) == "H-1 by Olivia");
    CHECK(ivan.serverValue("brand", product) == "Warmly");
}

TEST_CASE("A push cancelled between batches keeps what it sent, and the next push sends the rest once",
          "[pg][token][sync]")
{
    Laptop laptop(3);
    std::vector<std::string> entries;
    for (int i = 0; i < 450; ++i) {
        auto entry = laptop.edits().edit(
            "products", laptop.products[static_cast<std::size_t>(i) % 3], {{"model", "C-" + std::to_string(i)}});
        REQUIRE(entry);
        entries.push_back(*entry);
    }
    std::vector<std::pair<int, int>> seen;
    const auto stopped = laptop.pusher().push([&](int done, int total) {
        seen.emplace_back(done, total);
        return false; // the person pressed Cancel
    });
    REQUIRE(stopped);
    CHECK(stopped->cancelled);
    CHECK(stopped->applied == 200); // one batch
    REQUIRE(seen.size() == 1);
    CHECK(seen.front() == std::pair{200, 450});
    CHECK(laptop.edits().pendingCount().value() == 250);

    const auto rest = laptop.pusher().push();
    REQUIRE(rest);
    CHECK_FALSE(rest->cancelled);
    CHECK(rest->applied == 250);
    CHECK(must(laptop.officer.connection,
               "SELECT count(*) FROM cms.sync_entries WHERE entry_id = ANY ($1::uuid[])",
               {uuidArray(entries)})
              .text(0, 0)
          == "450");
    for (const auto& product : laptop.products) {
        CHECK(laptop.serverValue("version", product) == "151");
    }
}
