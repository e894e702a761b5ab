// The laptop's own audit chain (issue: audit trail, offline), on a real SQLCipher cache and the dev
// server: events recorded offline keep the time they happened and reach the central trail at the
// next sync, once, even when a reply is lost; a batch that does not continue what the server last
// received from the device (an altered event, a gap, another person's device) is refused, kept
// aside for review and raised as an event of its own.
#include "core/cache/DeviceAuditChain.h"
#include "core/sync/DeviceAuditUpload.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using cms::core::cache::DeviceAuditChain;
using cms::core::sync::DeviceAuditUpload;
using cms::tests::must;
using Laptop = cms::tests::SyncLaptop;

namespace {

std::string onServer(const std::string& sql, const std::string& device)
{
    return must(cms::tests::adminConnection(), sql, {device}).text(0, 0);
}

void recordThree(const DeviceAuditChain& chain, const std::string& caseId, std::chrono::system_clock::time_point at)
{
    REQUIRE(chain.append("auth.sign_in", "session", "oortega", "success", R"({"offline": true})", at));
    REQUIRE(chain.append("case.open", "cms.cases", caseId, "success", R"({"case_id": ")" + caseId + "\"}", at));
    REQUIRE(chain.append("case.edit_offline",
                         "cms.cases",
                         caseId,
                         "success",
                         R"({"case_id": ")" + caseId + R"(", "fields": ["title"]})",
                         at + std::chrono::minutes(5)));
}

} // namespace

TEST_CASE("Events recorded offline reach the central trail once, with the time they happened", "[pg][token][audit]")
{
    Laptop laptop(1);
    const auto& cache = laptop.cache->database();
    const DeviceAuditChain chain(cache);
    const auto device = chain.deviceId();
    REQUIRE(device);
    const auto twoHoursAgo = std::chrono::system_clock::now() - std::chrono::hours(2);
    recordThree(chain, laptop.caseId, twoHoursAgo);
    CHECK(chain.firstBrokenLink().value_or(-1) == 0);
    const auto checkpoints = cms::tests::adminConnection().queryValue("SELECT count(*) FROM cms_audit.checkpoints");

    auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection);
    INFO((sent ? sent->refusal : sent.error().message + " / " + sent.error().detail));
    REQUIRE(sent);
    CHECK(sent->ingested == 3);
    CHECK(sent->refusal.empty());
    CHECK(onServer("SELECT string_agg(event_type || ':' || actor, ',' ORDER BY id) FROM cms_audit.events "
                   "WHERE details->>'device' = $1",
                   *device)
          == "auth.sign_in:oortega,case.open:oortega,case.edit_offline:oortega");
    // The time it happened, not the time received; offline and the device named.
    CHECK(onServer("SELECT bool_and(occurred_at < received_at - interval '1 hour' AND (details->>'offline')::boolean) "
                   "FROM cms_audit.events WHERE details->>'device' = $1",
                   *device)
          == "t");
    CHECK(onServer("SELECT last_position::text FROM cms_audit.device_heads WHERE device = $1::uuid", *device) == "3");
    CHECK(cms::tests::adminConnection().queryValue("SELECT count(*) FROM cms_audit.checkpoints")->value_or("0")
          != checkpoints->value_or("0")); // a checkpoint at every ingest

    // The reply was lost: the same events come again, and nothing changes.
    REQUIRE(cache.query("UPDATE device_audit SET state = 'pending'"));
    auto again = DeviceAuditUpload::upload(cache, laptop.officer.connection);
    REQUIRE(again);
    CHECK(again->ingested == 0);
    CHECK(again->refusal.empty());
    CHECK(onServer("SELECT count(*) FROM cms_audit.events WHERE details->>'device' = $1", *device) == "3");
    CHECK(chain.pending().value_or(std::vector<cms::core::cache::DeviceEvent>{{}}).empty());
}

TEST_CASE("A device chain with an altered event, a gap, or from another person is refused and kept aside",
          "[pg][token][audit]")
{
    SECTION("an altered event")
    {
        Laptop laptop(1);
        const auto& cache = laptop.cache->database();
        const DeviceAuditChain chain(cache);
        const auto device = *chain.deviceId();
        recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
        REQUIRE(cache.query(R"(UPDATE device_audit SET details = '{"case_id": "someone else"}' WHERE position = 2)"));
        CHECK(chain.firstBrokenLink().value_or(0) == 2);
        auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection);
        REQUIRE(sent);
        CHECK(sent->ingested == 0);
        CHECK(sent->refusal == "Event 2 was altered: its hash does not match its content.");
        CHECK(onServer("SELECT count(*) FROM cms_audit.events WHERE details->>'device' = $1", device) == "0");
        CHECK(onServer("SELECT reason FROM cms_audit.device_quarantine WHERE device = $1::uuid", device)
              == sent->refusal);
        CHECK(onServer("SELECT outcome FROM cms_audit.events WHERE event_type = 'audit.device_chain_refused' AND "
                       "object_id = $1",
                       device)
              == "refused");
        CHECK(chain.pending()->empty()); // kept at the server for review, not sent forever
    }
    SECTION("a gap")
    {
        Laptop laptop(1);
        const auto& cache = laptop.cache->database();
        const DeviceAuditChain chain(cache);
        recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
        REQUIRE(cache.query("DELETE FROM device_audit WHERE position = 2"));
        auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection);
        REQUIRE(sent);
        CHECK(sent->refusal == "Event 3 does not follow event 1 (a gap or a reordering).");
    }
    SECTION("another person's device")
    {
        Laptop laptop(1);
        const auto& cache = laptop.cache->database();
        const DeviceAuditChain chain(cache);
        recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
        REQUIRE(DeviceAuditUpload::upload(cache, laptop.officer.connection));
        REQUIRE(chain.append("auth.lock", "session", "oortega", "success", "{}", std::chrono::system_clock::now()));
        const auto investigator = cms::tests::connectAs("iibarra");
        auto sent = DeviceAuditUpload::upload(cache, investigator.connection);
        REQUIRE(sent);
        CHECK(sent->refusal == "This device's chain belongs to another person.");
    }
}
