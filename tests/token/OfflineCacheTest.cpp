// The offline cache on the laptop (issue: offline field work): SQLCipher with a random key that
// only the owner's card unwraps (RSA-OAEP for RSA cards, ECDH P-256 for EC cards), on the dev
// SoftHSM cards; nothing readable on disk.
#include "core/cache/OfflineCache.h"

#include "core/cache/CacheHygiene.h"
#include "core/cache/WrappedCacheKey.h"
#include "core/common/Sha256.h"
#include "core/common/UtcTime.h"
#include "core/storage/Migration.h"
#include "core/sync/OfflineEdits.h"
#include "tests/support/SignedInCard.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

using cms::SecureBuffer;
using cms::core::cache::CacheDatabase;
using cms::core::cache::CacheHygiene;
using cms::core::cache::OfflineCache;
using cms::core::cache::WrappedCacheKey;
using cms::tests::SignedInCard;
namespace fs = std::filesystem;

namespace {

// A folder of its own under the system's temporary folder, removed afterwards.
struct CacheFolder
{
    fs::path path = fs::temp_directory_path() / ("cms-cache-test-" + std::to_string(std::random_device{}()));
    ~CacheFolder()
    {
        fs::remove_all(path);
    }
};

std::string contentsOf(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void replaceInFile(const fs::path& file, const std::string& from, const std::string& to)
{
    auto text = contentsOf(file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string keyManagementDigest(const SignedInCard& card)
{
    const auto der = card.session->certificateDer(WrappedCacheKey::kKeyManagementId);
    REQUIRE(der);
    return cms::sha256Hex(std::string_view(reinterpret_cast<const char*>(der->data()), der->size()));
}

} // namespace

TEST_CASE("The offline cache opens only with the card it was made for, RSA and EC", "[token][cache]")
{
    using Scheme = WrappedCacheKey::Scheme;
    for (const auto& [ownerLabel, otherLabel, scheme] : {std::tuple{"oortega", "aalvarez", Scheme::RsaOaepSha1},
                                                         std::tuple{"iibarra", "oortega", Scheme::EcdhP256HkdfAesKw}}) {
        INFO("owner " << ownerLabel);
        const CacheFolder folder;
        const auto owner = SignedInCard::of(ownerLabel);
        {
            auto cache = OfflineCache::open(folder.path, *owner.session);
            REQUIRE(cache);
            REQUIRE(cache->database().query("INSERT INTO cache_meta VALUES ('owner_login', ?1)", {ownerLabel}));
        }
        CHECK((fs::status(folder.path).permissions() & fs::perms::all) == fs::perms::owner_all);
        const auto keyFile = folder.path / OfflineCache::kKeyFile;
        const auto wrapped = WrappedCacheKey::fromText(contentsOf(keyFile));
        REQUIRE(wrapped);
        CHECK(wrapped->scheme() == scheme);

        // The same card opens it again, schema up to date and the row there.
        {
            auto again = OfflineCache::open(folder.path, *owner.session);
            REQUIRE(again);
            CHECK(again->database().schemaVersion() == cms::core::storage::cacheMigrations().back().version);
            const auto stored = again->database().queryValue("SELECT value FROM cache_meta WHERE name = 'owner_login'");
            REQUIRE(stored);
            CHECK(*stored == std::optional<std::string>(ownerLabel));
        }

        // Another card, signed in with its own right PIN, is refused with the cause.
        const auto other = SignedInCard::of(otherLabel);
        auto refused = OfflineCache::open(folder.path, *other.session);
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("another card"));

        // Even with the key file claiming that card, its key cannot unwrap what the owner's wraps.
        replaceInFile(keyFile, wrapped->certificateDigest(), keyManagementDigest(other));
        auto forged = OfflineCache::open(folder.path, *other.session);
        REQUIRE_FALSE(forged);
        CHECK(forged.error().code == cms::ErrorCode::TokenFailure);

        // The database without its key file opens nothing, and says why.
        fs::remove(keyFile);
        auto keyless = OfflineCache::open(folder.path, *owner.session);
        REQUIRE_FALSE(keyless);
        CHECK_THAT(keyless.error().message, Catch::Contains("lost its key file"));
    }
}

TEST_CASE("A reissued card takes the cache over with the previous card's help, RSA to EC and back", "[token][cache]")
{
    // Two dev people's cards stand for one person's previous and new card: the cache does not
    // know people, only cards (the online sign-in vouches for the new card).
    for (const auto& [previousLabel, newLabel] : {std::pair{"oortega", "iibarra"}, std::pair{"iibarra", "oortega"}}) {
        INFO("from " << previousLabel << " to " << newLabel);
        const CacheFolder folder;
        const auto previous = SignedInCard::of(previousLabel);
        {
            auto cache = OfflineCache::open(folder.path, *previous.session);
            REQUIRE(cache);
            REQUIRE(cache->database().query("INSERT INTO cache_meta VALUES ('kept', 'across the move')"));
        }
        const auto reissued = SignedInCard::of(newLabel);
        const auto newCertificate = reissued.session->certificateDer(WrappedCacheKey::kKeyManagementId);
        REQUIRE(newCertificate);

        // The new card cannot do it alone: it cannot unwrap what the previous card's key wraps.
        const auto alone = OfflineCache::moveToCard(folder.path, *reissued.session, *newCertificate);
        REQUIRE_FALSE(alone);
        CHECK_THAT(alone.error().message, Catch::Contains("not the card the offline cache was made with"));

        REQUIRE(OfflineCache::moveToCard(folder.path, *previous.session, *newCertificate));
        {
            auto opened = OfflineCache::open(folder.path, *reissued.session);
            REQUIRE(opened);
            CHECK(opened->database().queryValue("SELECT value FROM cache_meta WHERE name = 'kept'").value()
                  == std::optional<std::string>("across the move"));
        }
        const auto refused = OfflineCache::open(folder.path, *previous.session); // the previous card is done with
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("another card"));
    }
    const CacheFolder empty;
    const auto card = SignedInCard::of("oortega");
    const auto nothing = OfflineCache::moveToCard(empty.path, *card.session, {});
    REQUIRE_FALSE(nothing);
    CHECK_THAT(nothing.error().message, Catch::Contains("no offline cache"));
}

TEST_CASE("Nothing of the cache is readable on disk: no seeded PII in the file, its WAL or its shared memory",
          "[token][cache][pii]")
{
    const CacheFolder folder;
    const auto owner = SignedInCard::of("oortega");
    const std::vector<std::string> seeded{"Evangeline Marchetti", "e.marchetti@example.net", "410-555-0199"};
    const auto scan = [&] {
        for (const auto& entry : fs::directory_iterator(folder.path)) {
            const auto bytes = contentsOf(entry.path());
            INFO(entry.path());
            CHECK(bytes.find("SQLite format 3") == std::string::npos);
            for (const auto& value : seeded) {
                CHECK(bytes.find(value) == std::string::npos);
            }
        }
    };
    {
        auto cache = OfflineCache::open(folder.path, *owner.session);
        REQUIRE(cache);
        const std::string person = R"({"full_name": "Evangeline Marchetti", "email": "e.marchetti@example.net", )"
                                   R"("phone": "410-555-0199"})";
        for (int i = 0; i < 200; ++i) {
            REQUIRE(cache->database().query("INSERT INTO cached_rows VALUES ('people_pii', ?1, 'C1', 1, 1, ?2)",
                                            {std::to_string(i), person}));
        }
        REQUIRE(fs::exists(folder.path / "cache.db-wal")); // the write-ahead log holds the rows now
        scan();
    }
    scan();
}

TEST_CASE("A wrong cache key is named as such, and a damaged key file is refused with its cause", "[token][cache]")
{
    const CacheFolder folder;
    fs::create_directories(folder.path);
    {
        auto made = CacheDatabase::open(folder.path / "plain-test.db", SecureBuffer(std::string(32, 'k')));
        REQUIRE(made);
        REQUIRE(made->migrate());
    }
    auto wrong = CacheDatabase::open(folder.path / "plain-test.db", SecureBuffer(std::string(32, 'w')));
    REQUIRE_FALSE(wrong);
    CHECK_THAT(wrong.error().message, Catch::Contains("cannot be read with this key"));
    CHECK_FALSE(CacheDatabase::open(folder.path / "short.db", SecureBuffer("short")));

    auto damaged = WrappedCacheKey::fromText("cms-cache-key 1\nscheme rsa-oaep-sha1\nwrapped zz\n");
    REQUIRE_FALSE(damaged);
    CHECK_THAT(damaged.error().message, Catch::Contains("damaged"));
    CHECK_FALSE(WrappedCacheKey::fromText("something else entirely"));
}

TEST_CASE("Ten failed unlocks in a row wipe the cache, and a stale cache stays locked offline", "[token][cache]")
{
    const CacheFolder folder;
    const auto owner = SignedInCard::of("iibarra");
    {
        auto cache = OfflineCache::open(folder.path, *owner.session);
        REQUIRE(cache);
        const auto now = std::chrono::system_clock::now();
        // Never synced, then synced 31 days ago, then today.
        CHECK_FALSE(CacheHygiene::checkSyncedRecently(cache->database(), 30, now));
        REQUIRE(cache->database().query("INSERT OR REPLACE INTO cache_meta VALUES ('last_sync_at', ?1)",
                                        {cms::utcIsoTime(now - std::chrono::days(31))}));
        const auto stale = CacheHygiene::checkSyncedRecently(cache->database(), 30, now);
        REQUIRE_FALSE(stale);
        CHECK_THAT(stale.error().message, Catch::Contains("30 days"));
        REQUIRE(cache->database().query("INSERT OR REPLACE INTO cache_meta VALUES ('last_sync_at', ?1)",
                                        {cms::utcIsoTime(now)}));
        CHECK(CacheHygiene::checkSyncedRecently(cache->database(), 30, now));
    }

    const CacheHygiene hygiene(folder.path);
    for (int i = 1; i < CacheHygiene::kMaxFailedUnlocks; ++i) {
        CHECK_FALSE(hygiene.recordFailedUnlock().value());
    }
    CHECK(hygiene.failedUnlocks() == 9);
    hygiene.recordUnlocked(); // a success starts the count again
    CHECK(hygiene.failedUnlocks() == 0);
    for (int i = 1; i < CacheHygiene::kMaxFailedUnlocks; ++i) {
        REQUIRE(hygiene.recordFailedUnlock());
    }
    CHECK(OfflineCache::exists(folder.path));
    CHECK(hygiene.recordFailedUnlock().value()); // the tenth
    CHECK_FALSE(fs::exists(folder.path));
}

TEST_CASE("An edit of a damaged cached row is refused in words and queues nothing", "[token][cache]")
{
    const CacheFolder folder;
    const auto owner = SignedInCard::of("oortega");
    auto cache = OfflineCache::open(folder.path, *owner.session);
    REQUIRE(cache);
    REQUIRE(cache->database().query("INSERT INTO cached_rows VALUES ('products', '1', 'C1', 1, 1, 'not json')"));
    const cms::core::sync::OfflineEdits edits(cache->database());
    const auto refused = edits.edit("products", "1", {{"model", "X"}});
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("cannot be read"));
    CHECK(edits.pendingCount().value() == 0);
}
