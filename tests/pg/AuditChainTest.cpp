// The central audit trail's hash chain (issue: audit trail), on a scratch database of the dev
// cluster so that the test can tamper with it: concurrent writers keep one linear chain,
// `cmsadmin audit verify` finds it intact, and names the first broken link once an event is
// changed behind the triggers' back; checkpoints are written and checked.
#include "core/audit/AuditChain.h"

#include "core/audit/DeviceBatch.h"
#include "core/auth/CardSignature.h"
#include "core/common/Hex.h"
#include "core/pki/CertificateInfo.h"
#include "core/remote/ServerMigrator.h"
#include "tests/TestPaths.h"
#include "tests/support/Connections.h"
#include "tests/support/ProcessRunner.h"
#include "tests/support/ScratchDatabase.h"
#include "tests/support/SignedInCard.h"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

using cms::tests::adminConnection;
using cms::tests::must;

namespace {

constexpr const char* kScratch = "cms_audit_chain_test";

cms::tests::ProcessOutput cmsadmin(const cms::tests::ScratchDatabase& scratch, const std::string& action)
{
    return cms::tests::runProcess({CMSADMIN_PATH, "audit", action, "--db", scratch.conninfo()});
}

} // namespace

TEST_CASE("Concurrent writers keep one linear audit chain, and verify names the first broken link", "[pg][audit]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    {
        const auto admin = adminConnection(kScratch);
        REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    }

    // Four writers at once, each in transactions of several events: one statement an event, or
    // the five in one statement (as a laptop's batch goes in).
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([w] {
            const auto connection = adminConnection(kScratch);
            for (int t = 0; t < 10; ++t) {
                must(connection, "BEGIN");
                if ((t + w) % 2 == 0) {
                    must(connection,
                         "INSERT INTO cms_audit.events (event_type, object_type, object_id) SELECT 'case.open', "
                         "'case', $1 || g FROM generate_series($2::int, $2::int + 4) g ORDER BY g",
                         {"W" + std::to_string(w) + "-", std::to_string(t * 5)});
                } else {
                    for (int e = 0; e < 5; ++e) {
                        must(connection,
                             "SELECT cms_audit.record_event('case.open', 'case', $1)",
                             {"W" + std::to_string(w) + "-" + std::to_string(t * 5 + e)});
                    }
                }
                must(connection, "COMMIT");
            }
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }
    const auto admin = adminConnection(kScratch);
    // Positions 1..n, each once.
    CHECK(must(admin,
               "SELECT count(*) = max(chain_position) AND count(DISTINCT chain_position) = count(*) "
               "FROM cms_audit.events")
              .text(0, 0)
          == "t");
    // The head says where the chain reached (0038 moves it once a statement).
    CHECK(must(admin, "SELECT (SELECT position FROM cms_audit.chain_head) = max(chain_position) FROM cms_audit.events")
              .text(0, 0)
          == "t");
    // A writer's transaction holds the chain until it ends: its five events sit together.
    CHECK(must(admin,
               "SELECT count(*) FROM (SELECT object_id, lag(object_id) OVER (ORDER BY chain_position) AS before, "
               "chain_position FROM cms_audit.events WHERE event_type = 'case.open') s "
               "WHERE split_part(object_id, '-', 1) <> split_part(before, '-', 1) "
               "AND (split_part(object_id, '-', 2)::int % 5) <> 0")
              .text(0, 0)
          == "0");

    const auto checkpoint = cmsadmin(scratch, "checkpoint");
    CHECK(checkpoint.exitCode == 0);
    CHECK_THAT(checkpoint.out, Catch::Contains("checkpoint written at position"));
    const auto intact = cmsadmin(scratch, "verify");
    CHECK(intact.exitCode == 0);
    CHECK_THAT(intact.out, Catch::Contains("audit chain intact") && Catch::Contains("1 checkpoints agree"));

    // No login role may change an event; the owner may not either, while the triggers stand.
    CHECK_FALSE(admin.exec("UPDATE cms_audit.events SET details = '{}' WHERE chain_position = 7"));

    // Someone with the power to switch the triggers off changes one event's details.
    const auto target = must(admin,
                             "SELECT chain_position FROM cms_audit.events WHERE event_type = 'case.open' "
                             "ORDER BY chain_position OFFSET 10 LIMIT 1")
                            .text(0, 0);
    must(admin, "ALTER TABLE cms_audit.events DISABLE TRIGGER append_only");
    must(admin, "UPDATE cms_audit.events SET object_id = 'someone else' WHERE chain_position = $1::bigint", {target});
    must(admin, "ALTER TABLE cms_audit.events ENABLE TRIGGER append_only");
    const auto broken = cmsadmin(scratch, "verify");
    CHECK(broken.exitCode == 1);
    CHECK_THAT(broken.out, Catch::Contains("BROKEN at position " + target) && Catch::Contains("changed"));

    // The library says the same.
    const cms::core::audit::AuditChain chain(admin);
    const auto verdict = chain.verify();
    REQUIRE(verdict);
    CHECK(verdict->brokenAt == std::stoll(target));
}

TEST_CASE("Deleting, reordering, forging or cutting off audit events is found at the right position", "[pg][audit]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    for (int e = 0; e < 20; ++e) {
        must(admin, "SELECT cms_audit.record_event('case.search', 'case', $1)", {"E" + std::to_string(e)});
    }
    REQUIRE(cmsadmin(scratch, "checkpoint").exitCode == 0); // itself an event (admin.audit_checkpoint)
    const auto last = std::stoll(must(admin, "SELECT max(chain_position) FROM cms_audit.events").text(0, 0));
    const long long middle = last - 10;
    const auto position = std::to_string(middle);
    const auto behindTheTriggers = [&](const std::string& sql) {
        must(admin, "ALTER TABLE cms_audit.events DISABLE TRIGGER USER");
        must(admin, sql, {position});
        must(admin, "ALTER TABLE cms_audit.events ENABLE TRIGGER USER");
    };
    long long expected = middle;
    SECTION("an event deleted")
    {
        behindTheTriggers("DELETE FROM cms_audit.events WHERE chain_position = $1::bigint");
    }
    SECTION("two events swapped")
    {
        behindTheTriggers("UPDATE cms_audit.events SET chain_position = CASE WHEN chain_position = $1::bigint "
                          "THEN -1 ELSE chain_position END WHERE chain_position = $1::bigint");
        must(admin, "ALTER TABLE cms_audit.events DISABLE TRIGGER USER");
        must(admin,
             "UPDATE cms_audit.events SET chain_position = $1::bigint WHERE chain_position = $1::bigint + 1",
             {position});
        must(
            admin, "UPDATE cms_audit.events SET chain_position = $1::bigint + 1 WHERE chain_position = -1", {position});
        must(admin, "ALTER TABLE cms_audit.events ENABLE TRIGGER USER");
    }
    SECTION("an event forged in the middle")
    {
        behindTheTriggers("UPDATE cms_audit.events SET event_type = 'pii.reveal' WHERE chain_position = $1::bigint");
    }
    SECTION("an event inserted at the end")
    {
        behindTheTriggers("INSERT INTO cms_audit.events (event_type, chain_position, prev_hash, hash) "
                          "SELECT 'case.open', max(chain_position) + 1, '\\x00', '\\x00' FROM cms_audit.events "
                          "WHERE $1::bigint IS NOT NULL");
        expected = last + 1;
    }
    SECTION("the end cut off, then everything")
    {
        behindTheTriggers("DELETE FROM cms_audit.events WHERE chain_position >= $1::bigint");
        const auto cut = cmsadmin(scratch, "verify");
        CHECK(cut.exitCode == 1);
        CHECK_THAT(cut.out, Catch::Contains("BROKEN at position " + position) && Catch::Contains("gone"));
        behindTheTriggers("DELETE FROM cms_audit.events WHERE $1::bigint IS NOT NULL");
        expected = 1;
    }
    const auto found = cmsadmin(scratch, "verify");
    CHECK(found.exitCode == 1);
    CHECK_THAT(found.out, Catch::Contains("BROKEN at position " + std::to_string(expected)));
}

TEST_CASE("verify checks each laptop batch's card signature, and finds a forged one or one over another event",
          "[pg][token][audit]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    // The officer's card and certificate, registered as `cmsadmin person add` does it.
    const auto card = cms::tests::SignedInCard::of("oortega");
    const auto serial = cms::core::pki::CertificateInfo::fromDer(card.certificate).value().serialNumber;
    must(admin,
         "INSERT INTO cms_audit.signing_keys (login_role, certificate_serial, algorithm, key, exponent, certificate) "
         "VALUES ('oortega', $1, 'rsa', '\\x00', '\\x00', decode($2, 'hex'))",
         {serial, cms::toHex(card.certificate)});
    // A device event as the ingest keeps it, then its batch, signed by the card.
    const std::string device = "0b1c2d3e-4f50-4617-8899-aabbccddeeff";
    const std::string deviceHash(64, 'a');
    must(admin,
         "SELECT cms_audit.record_event('case.open', 'cms.cases', 'X', 'success', $1::jsonb)",
         {R"({"device": ")" + device + R"(", "device_position": 7, "device_hash": ")" + deviceHash
          + R"(", "offline": true})"});
    const auto signature =
        cms::core::auth::CardSignature::sign(*card.session,
                                             cms::tests::SignedInCard::kPivAuthentication,
                                             card.certificate,
                                             cms::core::audit::DeviceBatch::digest(device, 7, deviceHash));
    REQUIRE(signature);
    must(admin,
         "INSERT INTO cms_audit.device_batches (device, person, certificate_serial, first_position, last_position, "
         "last_hash, signature) VALUES ($1::uuid, 'oortega', $2, 1, 7, $3, decode($4, 'hex'))",
         {device, serial, deviceHash, cms::toHex(*signature)});
    const auto position = must(admin, "SELECT max(chain_position) FROM cms_audit.events").text(0, 0);
    const auto intact = cmsadmin(scratch, "verify");
    CHECK(intact.exitCode == 0);
    CHECK_THAT(intact.out, Catch::Contains("1 laptop batches signed by their cards"));

    const auto behindTheTriggers = [&](const std::string& sql) {
        must(admin, "ALTER TABLE cms_audit.device_batches DISABLE TRIGGER USER");
        must(admin, sql);
        must(admin, "ALTER TABLE cms_audit.device_batches ENABLE TRIGGER USER");
    };
    std::string cause;
    SECTION("a signature changed")
    {
        behindTheTriggers(
            "UPDATE cms_audit.device_batches SET signature = set_byte(signature, 9, get_byte(signature, 9) # 1)");
        cause = "is not signed by the card of the certificate";
    }
    SECTION("the batch moved onto another last event")
    {
        behindTheTriggers("UPDATE cms_audit.device_batches SET last_hash = repeat('b', 64)");
        cause = "signed over another last event";
    }
    const auto found = cmsadmin(scratch, "verify");
    CHECK(found.exitCode == 1);
    CHECK_THAT(found.out, Catch::Contains("BROKEN at position " + position) && Catch::Contains(cause));
}

TEST_CASE("The verifier builds the same canonical bytes as the server, whatever an event holds", "[pg][audit]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    // Quotes, backslashes, control characters, non-ASCII text, nested details, no details at all;
    // the session id (0021) on every event, and a workstation name with quotes and non-ASCII.
    must(admin, "SELECT set_config('cms.workstation', $1, false)", {std::string("Wörk \"station\" 7")});
    for (const auto& [id, details] : std::vector<std::pair<std::string, std::string>>{
             {"quote \" and backslash \\", R"({"b": [1, 2.50, null, true], "a": {"z": "é", "y": "tab\tnew\nline"}})"},
             {std::string("bell \x07 and escape \x1b"), R"({"long key first?": 1, "k": "\u0001"})"},
             {"Ünïcödé ✓", "{}"}}) {
        must(admin, "SELECT cms_audit.record_event('case.search', 'case', $1, 'failure', $2::jsonb)", {id, details});
    }
    must(admin, "SELECT set_config('cms.workstation', '', false)");
    must(admin, "SELECT cms_audit.record_event('case.search', NULL, NULL)");
    const auto stamped = must(admin,
                              "SELECT session_id ~ '^[0-9a-f]+\\.[0-9a-f]+$', coalesce(workstation, '-') FROM "
                              "cms_audit.events WHERE event_type = 'case.search' ORDER BY id");
    REQUIRE(stamped.rows() == 4);
    CHECK(stamped.text(0, 0) == "t");
    CHECK(stamped.text(0, 1) == "Wörk \"station\" 7");
    CHECK(stamped.text(3, 1) == "-"); // none given: none recorded
    const auto verified = cmsadmin(scratch, "verify");
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out, Catch::Contains("audit chain intact"));
    // The verification itself is on record, as the operator's administrative command.
    CHECK(must(admin,
               "SELECT outcome || ' ' || (details ->> 'exit_code') FROM cms_audit.events WHERE event_type = "
               "'admin.audit_verify' ORDER BY id DESC LIMIT 1")
              .text(0, 0)
          == "success 0");
}

TEST_CASE("A chain of several pages is verified page after page, and a break on a later page is found at its "
          "position with the connection left usable",
          "[pg][audit]")
{
    const cms::tests::ScratchDatabase scratch(kScratch);
    const auto admin = adminConnection(kScratch);
    REQUIRE(cms::core::remote::ServerMigrator(admin).migrate());
    // Over two pages of 5,000 and a part of a third, with escapes and varied details.
    must(admin,
         "SELECT count(cms_audit.record_event('search.cases', 'case', 'E\"' || g, 'success', "
         "jsonb_build_object('matches', g, 'note', E'tab\\there'))) FROM generate_series(1, 12000) g");
    const auto total = std::stoll(must(admin, "SELECT max(chain_position) FROM cms_audit.events").text(0, 0));
    const cms::core::audit::AuditChain chain(admin);
    const auto intact = chain.verify();
    REQUIRE(intact);
    CHECK(intact->intact());
    CHECK(intact->eventsChecked == total);

    // An event of the second page changed behind the triggers: found there; the third page,
    // asked for while the second was hashed, is taken and the connection is free again.
    must(admin, "ALTER TABLE cms_audit.events DISABLE TRIGGER USER");
    must(admin, "UPDATE cms_audit.events SET outcome = 'failure' WHERE chain_position = 7500");
    must(admin, "ALTER TABLE cms_audit.events ENABLE TRIGGER USER");
    const auto broken = chain.verify();
    REQUIRE(broken);
    CHECK_FALSE(broken->intact());
    CHECK(broken->brokenAt == 7500);
    CHECK(broken->eventsChecked == 7499);
    CHECK(must(admin, "SELECT count(*) FROM cms_audit.events").text(0, 0) == std::to_string(total));
}
