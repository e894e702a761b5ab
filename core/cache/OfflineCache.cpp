#include "core/cache/OfflineCache.h"

#include "core/auth/TokenSession.h"
#include "core/cache/WrappedCacheKey.h"
#include "core/common/AtomicFile.h"
#include "core/common/Sha256.h"

#include <fstream>
#include <openssl/rand.h>
#include <sstream>
#include <system_error>

namespace cms::core::cache {

namespace {

Result<SecureBuffer> randomKey()
{
    SecureBuffer key;
    for (std::size_t i = 0; i < WrappedCacheKey::kKeySize; ++i) {
        unsigned char byte = 0;
        if (RAND_priv_bytes(&byte, 1) != 1) {
            return fail(ErrorCode::Internal, "No random key could be made for the offline cache.");
        }
        key.append(static_cast<char>(byte));
        byte = 0;
    }
    return key;
}

// The key the first time: made here, wrapped to the card, written before the database exists
// (a crash in between leaves a key file and no database, which the next open completes).
Result<SecureBuffer> newKey(const std::filesystem::path& keyFile, const std::vector<std::uint8_t>& certificate)
{
    auto key = randomKey();
    if (!key) {
        return key;
    }
    auto wrapped = WrappedCacheKey::wrap(*key, certificate);
    if (!wrapped) {
        return std::unexpected(wrapped.error());
    }
    if (auto written = AtomicFile::replace(keyFile, wrapped->toText(), 0600); !written) {
        return std::unexpected(written.error());
    }
    return key;
}

Result<SecureBuffer> existingKey(const std::filesystem::path& keyFile,
                                 const std::vector<std::uint8_t>& certificate,
                                 const auth::TokenSession& card)
{
    std::ifstream in(keyFile);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        return fail(ErrorCode::Io, "The offline cache's key file " + keyFile.string() + " cannot be read.");
    }
    auto wrapped = WrappedCacheKey::fromText(text.str());
    if (!wrapped) {
        return std::unexpected(wrapped.error());
    }
    const auto digest =
        sha256Hex(std::string_view(reinterpret_cast<const char*>(certificate.data()), certificate.size()));
    if (digest != wrapped->certificateDigest()) {
        return fail(ErrorCode::TokenFailure,
                    "This offline cache belongs to another card: only the card it was made with opens it. A "
                    "reissued card takes it over after an online sign-in.");
    }
    return wrapped->unwrap(card);
}

} // namespace

OfflineCache::OfflineCache(CacheDatabase database)
    : m_database(std::move(database))
{}

bool OfflineCache::exists(const std::filesystem::path& folder)
{
    std::error_code ignored;
    return std::filesystem::exists(folder / kKeyFile, ignored);
}

Result<OfflineCache> OfflineCache::open(const std::filesystem::path& folder, const auth::TokenSession& card)
{
    std::error_code made;
    std::filesystem::create_directories(folder, made);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, made);
    if (made) {
        return fail(ErrorCode::Io,
                    "The offline cache's folder " + folder.string() + " cannot be made private.",
                    made.message());
    }
    auto certificate = card.certificateDer(WrappedCacheKey::kKeyManagementId);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    const auto keyFile = folder / kKeyFile;
    if (!exists(folder) && std::filesystem::exists(folder / kDatabaseFile)) {
        return fail(ErrorCode::Io,
                    "The offline cache has lost its key file: it cannot be opened (sign in online "
                    "and let it be made again).");
    }
    auto key = exists(folder) ? existingKey(keyFile, *certificate, card) : newKey(keyFile, *certificate);
    if (!key) {
        return std::unexpected(key.error());
    }
    auto database = CacheDatabase::open(folder / kDatabaseFile, *key);
    if (!database) {
        return std::unexpected(database.error());
    }
    if (auto migrated = database->migrate(); !migrated) {
        return std::unexpected(migrated.error());
    }
    return OfflineCache(std::move(*database));
}

Result<void> OfflineCache::moveToCard(const std::filesystem::path& folder,
                                      const auth::TokenSession& previousCard,
                                      const std::vector<std::uint8_t>& newKeyManagementCertificate)
{
    if (!exists(folder)) {
        return fail(ErrorCode::InvalidArgument, "There is no offline cache on this computer to move to the new card.");
    }
    auto certificate = previousCard.certificateDer(WrappedCacheKey::kKeyManagementId);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    auto key = existingKey(folder / kKeyFile, *certificate, previousCard);
    if (!key) {
        if (key.error().code == ErrorCode::TokenFailure) {
            return fail(ErrorCode::TokenFailure,
                        "This is not the card the offline cache was made with: insert the previous card.");
        }
        return std::unexpected(key.error());
    }
    if (auto proven = CacheDatabase::open(folder / kDatabaseFile, *key); !proven) {
        return std::unexpected(proven.error());
    }
    auto wrapped = WrappedCacheKey::wrap(*key, newKeyManagementCertificate);
    if (!wrapped) {
        return std::unexpected(wrapped.error());
    }
    return AtomicFile::replace(folder / kKeyFile, wrapped->toText(), 0600);
}

const CacheDatabase& OfflineCache::database() const
{
    return m_database;
}

} // namespace cms::core::cache
