// Signing in offline (issue: offline field work), on the dev SoftHSM cards and the dev PKI's cached
// CRL: the right card and PIN open the cache; a wrong PIN, another person's card, a revoked card or
// a cache not synced for too long do not, each with its cause; failed unlocks are counted.
#include "core/cache/OfflineSignIn.h"

#include "core/cache/CacheHygiene.h"
#include "core/common/UtcTime.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/SignedInCard.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

using cms::SecureBuffer;
using cms::core::cache::CacheHygiene;
using cms::core::cache::OfflineCache;
using cms::core::cache::OfflineSignIn;
using cms::tests::DevEnvironment;
namespace fs = std::filesystem;

TEST_CASE("Offline sign-in opens the cache with the right card and PIN only, and a stale cache stays locked",
          "[token][cache]")
{
    const fs::path folder =
        fs::temp_directory_path() / ("cms-offline-signin-" + std::to_string(std::random_device{}()));
    const auto now = std::chrono::system_clock::now();
    {
        // Made at an online sign-in, synced just now.
        const auto card = cms::tests::SignedInCard::of("oortega");
        auto cache = OfflineCache::open(folder, *card.session);
        REQUIRE(cache);
        REQUIRE(cache->database().query("INSERT INTO cache_meta VALUES ('last_sync_at', ?1)", {cms::utcIsoTime(now)}));
    }
    const OfflineSignIn offline(DevEnvironment::get().config());
    const CacheHygiene hygiene(folder);
    const auto& owner = DevEnvironment::get().person("oortega");

    auto wrongPin = offline.signIn("oortega", SecureBuffer("000000"), folder, now);
    REQUIRE_FALSE(wrongPin);
    CHECK(wrongPin.error().code == cms::ErrorCode::PinIncorrect);
    CHECK(hygiene.failedUnlocks() == 1);

    const auto& other = DevEnvironment::get().person("aalvarez");
    auto otherCard = offline.signIn(other.tokenLabel, SecureBuffer(other.pin), folder, now);
    REQUIRE_FALSE(otherCard);
    CHECK_THAT(otherCard.error().message, Catch::Contains("another card"));
    CHECK(hygiene.failedUnlocks() == 2);

    const auto& revoked = DevEnvironment::get().person("bad-revoked");
    auto refused = offline.signIn(revoked.tokenLabel, SecureBuffer(revoked.pin), folder, now);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == cms::ErrorCode::CertificateRefused);
    CHECK_THAT(refused.error().message, Catch::Contains("revoked"));

    auto opened = offline.signIn(owner.tokenLabel, SecureBuffer(owner.pin), folder, now);
    REQUIRE(opened);
    CHECK(opened->certificate.cardUuid.has_value());
    CHECK(hygiene.failedUnlocks() == 0); // a success starts the count again

    // 31 days later, without a sync in between: locked until an online sign-in.
    auto stale = offline.signIn(owner.tokenLabel, SecureBuffer(owner.pin), folder, now + std::chrono::days(31));
    REQUIRE_FALSE(stale);
    CHECK_THAT(stale.error().message, Catch::Contains("30 days"));
    fs::remove_all(folder);

    auto none = offline.signIn(owner.tokenLabel, SecureBuffer(owner.pin), folder, now);
    REQUIRE_FALSE(none);
    CHECK_THAT(none.error().message, Catch::Contains("no offline cache"));
}

TEST_CASE("Offline sign-in on a shared laptop opens the cache of the card presented, and no one else's",
          "[token][cache]")
{
    // Offline the login role is not known: the card's key-management certificate picks its cache
    // among everyone's on this computer.
    const fs::path root = fs::temp_directory_path() / ("cms-offline-shared-" + std::to_string(std::random_device{}()));
    const auto now = std::chrono::system_clock::now();
    for (const std::string login : {"oortega", "iibarra"}) {
        const auto card = cms::tests::SignedInCard::of(login);
        auto cache = OfflineCache::open(root / login, *card.session);
        REQUIRE(cache);
        REQUIRE(cache->database().query("INSERT INTO cache_meta VALUES ('last_sync_at', ?1)", {cms::utcIsoTime(now)}));
        REQUIRE(cache->database().query("INSERT INTO cache_meta VALUES ('owner_login', ?1)", {login}));
    }
    const OfflineSignIn offline(DevEnvironment::get().config());
    for (const std::string login : {"iibarra", "oortega"}) {
        const auto& person = DevEnvironment::get().person(login);
        auto opened = offline.signIn(person.tokenLabel, SecureBuffer(person.pin), root, now);
        INFO((opened ? std::string() : opened.error().message));
        REQUIRE(opened);
        CHECK(opened->folder == root / login);
        CHECK(
            opened->cache.database().queryValue("SELECT value FROM cache_meta WHERE name = 'owner_login'")->value_or("")
            == login);
    }

    // A card with no cache here opens nothing, and counts against no one's cache.
    const auto& other = DevEnvironment::get().person("aalvarez");
    auto refused = offline.signIn(other.tokenLabel, SecureBuffer(other.pin), root, now);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("belongs to this card"));
    CHECK(CacheHygiene(root / "oortega").failedUnlocks() == 0);
    CHECK(CacheHygiene(root / "iibarra").failedUnlocks() == 0);
    fs::remove_all(root);
}
