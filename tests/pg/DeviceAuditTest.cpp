// The laptop's own audit chain (issue: audit trail, offline), on a real SQLCipher cache and the dev
// server: events recorded offline keep the time they happened and reach the central trail at the
// next sync, once, even when a reply is lost; a batch that does not continue what the server last
// received from the device (an altered event, a gap, another person's device) is refused, kept
// aside for review and raised as an event of its own.
#include "core/auth/CardSignature.h"
#include "core/cache/DeviceAuditChain.h"
#include "core/sync/DeviceAuditUpload.h"
#include "tests/TestPaths.h"
#include "tests/pg/SyncLaptop.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"

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

    auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
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
    auto again = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
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
        auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
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
        auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
        REQUIRE(sent);
        CHECK(sent->refusal == "Event 3 does not follow event 1 (a gap or a reordering).");
    }
    SECTION("another person's device")
    {
        Laptop laptop(1);
        const auto& cache = laptop.cache->database();
        const DeviceAuditChain chain(cache);
        recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
        REQUIRE(DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer()));
        REQUIRE(chain.append("auth.lock", "session", "oortega", "success", "{}", std::chrono::system_clock::now()));
        const auto investigator = cms::tests::connectAs("iibarra");
        auto sent = DeviceAuditUpload::upload(cache, investigator.connection, laptop.signer());
        REQUIRE(sent);
        CHECK(sent->refusal == "This device's chain belongs to another person.");
    }
    SECTION("a batch signed by another card, or with a signature that does not verify")
    {
        Laptop laptop(1);
        const auto& cache = laptop.cache->database();
        const DeviceAuditChain chain(cache);
        const auto device = *chain.deviceId();
        recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
        // The investigator's card signs the officer's batch: a real signature, of the wrong person.
        const auto otherCard = cms::tests::SignedInCard::of("iibarra");
        const cms::core::sync::BatchSigner wrongCard = [&](const std::vector<std::uint8_t>& digest) {
            return cms::core::auth::CardSignature::sign(
                *otherCard.session, cms::tests::SignedInCard::kPivAuthentication, otherCard.certificate, digest);
        };
        SECTION("another card")
        {
            auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection, wrongCard);
            REQUIRE(sent);
            CHECK(sent->ingested == 0);
        }
        SECTION("a signature of the right card over something else")
        {
            const auto signer = laptop.signer();
            auto sent = DeviceAuditUpload::upload(
                cache, laptop.officer.connection, [&](const std::vector<std::uint8_t>& digest) {
                    auto other = digest;
                    other[0] ^= 0x01;
                    return signer(other);
                });
            REQUIRE(sent);
            CHECK(sent->ingested == 0);
        }
        CHECK(onServer("SELECT count(*) FROM cms_audit.events WHERE details->>'device' = $1", device) == "0");
        CHECK(onServer("SELECT reason FROM cms_audit.device_quarantine WHERE device = $1::uuid", device)
              == "The batch is not signed by the card on record for this person.");
        CHECK(onServer("SELECT count(*) FROM cms_audit.device_batches WHERE device = $1::uuid", device) == "0");
    }
}

TEST_CASE("Without the card at hand the laptop's events wait, and an EC card's batch is verified by the server",
          "[pg][token][audit]")
{
    Laptop laptop("iibarra", cms::tests::newPortCase(1)); // EC P-256: ECDSA verified in SQL
    const auto& cache = laptop.cache->database();
    const DeviceAuditChain chain(cache);
    const auto device = *chain.deviceId();
    recordThree(chain, laptop.caseId, std::chrono::system_clock::now());

    const auto unsigned_ = DeviceAuditUpload::upload(cache, laptop.officer.connection, {});
    REQUIRE(unsigned_);
    CHECK(unsigned_->sent == 0);
    CHECK(unsigned_->waitingForSignature == 3);
    CHECK(chain.pending()->size() == 3);

    const auto sent = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(sent);
    CHECK(sent->refusal.empty());
    CHECK(sent->ingested == 3);
    CHECK(onServer("SELECT first_position || '..' || last_position || ' ' || person || ' ' || "
                   "(last_hash = (SELECT details->>'device_hash' FROM cms_audit.events WHERE details->>'device' = "
                   "$1 AND (details->>'device_position')::bigint = 3)) FROM cms_audit.device_batches WHERE device = "
                   "$1::uuid",
                   device)
          == "1..3 iibarra true");
}

TEST_CASE("After review an auditor lets a refused device go on, and the set-aside events stay out of the chain",
          "[pg][token][audit]")
{
    Laptop laptop(1);
    const auto& cache = laptop.cache->database();
    const DeviceAuditChain chain(cache);
    const auto device = *chain.deviceId();
    const auto admin = cms::tests::adminConnection();
    recordThree(chain, laptop.caseId, std::chrono::system_clock::now());
    REQUIRE(cache.query(R"(UPDATE device_audit SET details = '{"case_id": "someone else"}' WHERE position = 2)"));
    REQUIRE(DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer())->ingested == 0);
    // Every later batch of the device is refused too: it continues the device's chain.
    REQUIRE(chain.append("auth.lock", "session", "oortega", "success", "{}", std::chrono::system_clock::now()));
    const auto later = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(later);
    CHECK(later->refusal == "Event 4 does not follow event 0 (a gap or a reordering).");
    const auto batches =
        must(admin,
             "SELECT q.id::text AS batch FROM cms_audit.device_quarantine q WHERE device = $1::uuid ORDER BY q.id",
             {device});
    REQUIRE(batches.rows() == 2);
    const auto first = batches.text(0, 0);
    const auto latest = batches.text(1, 0);

    const auto auditor = cms::tests::connectAs("aunger");
    const auto rebaseline =
        [&](const cms::core::remote::PgConnection& as, const std::string& batch, const std::string& why) {
            return must(as,
                        "SELECT coalesce(refusal, device::text || ' ' || skipped_from || '-' || skipped_to) FROM "
                        "cms_audit.rebaseline_device($1::bigint, $2)",
                        {batch, why})
                .text(0, 0);
        };
    const std::string why = "Reviewed with the officer: the laptop's clock and cache were restored from backup.";
    CHECK(rebaseline(auditor.connection, latest, "ok") == "Say why the device may go on (ten characters at least).");
    CHECK(rebaseline(auditor.connection, first, why)
          == "The device sent batches after batch " + first + ": review its latest.");
    CHECK(rebaseline(auditor.connection, "999999999", why) == "No batch 999999999 is set aside.");
    // Only auditors review: the officer may not re-baseline her own laptop.
    CHECK_FALSE(
        laptop.officer.connection.exec("SELECT * FROM cms_audit.rebaseline_device($1::bigint, $2)", {latest, why}));
    CHECK(rebaseline(auditor.connection, latest, why) == device + " 1-4");
    CHECK(onServer("SELECT count(*) FROM cms_audit.events WHERE event_type = 'audit.device_rebaselined' AND "
                   "outcome = 'refused' AND actor = $1",
                   "aunger")
          != "0");
    CHECK(onServer("SELECT details->>'skipped_to' FROM cms_audit.events WHERE event_type = "
                   "'audit.device_rebaselined' AND outcome = 'success' AND object_id = $1",
                   device)
          == "4");
    CHECK(onServer("SELECT reviewed_by || ': ' || reason FROM cms_audit.device_rebaselines WHERE device = $1::uuid",
                   device)
          == "aunger: " + why);
    CHECK(rebaseline(auditor.connection, latest, why)
          == "The server has already received this device's chain past "
             "that batch.");

    // The device goes on: its next event joins the central chain; the set-aside four never do.
    REQUIRE(chain.append("auth.unlock", "session", "oortega", "success", "{}", std::chrono::system_clock::now()));
    const auto resumed = DeviceAuditUpload::upload(cache, laptop.officer.connection, laptop.signer());
    REQUIRE(resumed);
    CHECK(resumed->refusal.empty());
    CHECK(resumed->ingested == 1);
    CHECK(onServer("SELECT string_agg(details->>'device_position', ',') FROM cms_audit.events WHERE "
                   "details->>'device' = $1",
                   device)
          == "5");

    // The operator's view of the set-aside batches names the review.
    const auto listed = cms::tests::runProcess(
        {CMSADMIN_PATH, "audit", "quarantine", "--db", cms::tests::DevEnvironment::get().config().admin.conninfo});
    CHECK(listed.exitCode == 0);
    CHECK_THAT(listed.out, Catch::Contains("batch " + latest + ": device " + device + " of oortega"));
    CHECK_THAT(listed.out, Catch::Contains("(reviewed, device re-baselined)"));
    CHECK_THAT(listed.out, Catch::Contains("this batch reaches position 4"));
}
