#include "core/cache/OfflineSignIn.h"

#include "core/auth/PivKeys.h"
#include "core/auth/PossessionProof.h"
#include "core/auth/TokenSession.h"
#include "core/cache/CacheHygiene.h"
#include "core/cache/WrappedCacheKey.h"
#include "core/common/Sha256.h"
#include "core/pki/CertificateValidator.h"

#include <algorithm>
#include <fstream>
#include <optional>

namespace cms::core::cache {

namespace {

// A failed unlock counts; the tenth wipes the cache, and the person is told.
Error counted(const CacheHygiene& hygiene, Error error)
{
    auto wiped = hygiene.recordFailedUnlock();
    if (wiped && *wiped) {
        error.message += " This was the tenth failed unlock in a row: the offline cache was wiped. Sign in online "
                         "to work again.";
    }
    return error;
}

// The cache folders `folder` stands for: itself if it holds a cache, else those under it (each
// person's in a folder of their own).
std::vector<std::filesystem::path> cacheFoldersAt(const std::filesystem::path& folder)
{
    if (OfflineCache::exists(folder)) {
        return {folder};
    }
    std::vector<std::filesystem::path> found;
    std::error_code unreadable;
    for (const auto& entry : std::filesystem::directory_iterator(folder, unreadable)) {
        if (entry.is_directory() && OfflineCache::exists(entry.path())) {
            found.push_back(entry.path());
        }
    }
    std::ranges::sort(found);
    return found;
}

// The folder whose key is wrapped to the card's key-management certificate (nothing when none is).
std::optional<std::filesystem::path> folderOfCard(const std::vector<std::filesystem::path>& folders,
                                                  const std::vector<std::uint8_t>& keyManagementCertificate)
{
    const auto digest = sha256Hex(std::string_view(reinterpret_cast<const char*>(keyManagementCertificate.data()),
                                                   keyManagementCertificate.size()));
    for (const auto& folder : folders) {
        std::ifstream in(folder / OfflineCache::kKeyFile);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto key = WrappedCacheKey::fromText(text);
        if (key && key->certificateDigest() == digest) {
            return folder;
        }
    }
    return std::nullopt;
}

} // namespace

OfflineSignIn::OfflineSignIn(config::AppConfig config)
    : m_config(std::move(config))
{}

Result<OfflineSession> OfflineSignIn::signIn(const std::string& tokenLabel,
                                             const SecureBuffer& pin,
                                             const std::filesystem::path& cacheFolder,
                                             std::chrono::system_clock::time_point now) const
{
    const auto folders = cacheFoldersAt(cacheFolder);
    if (folders.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "There is no offline cache on this computer: sign in online and take cases for field work first.");
    }
    // A wrong PIN counts toward the wipe of the one cache there is; with several (a shared
    // laptop) it is not known whose it was, and the card's own PIN retry counter guards it.
    std::optional<CacheHygiene> only;
    if (folders.size() == 1) {
        only.emplace(folders.front());
    }
    auto session = auth::TokenSession::signIn(m_config.pkcs11.modulePath, tokenLabel, pin);
    if (!session) {
        return std::unexpected(session.error().code == ErrorCode::PinIncorrect && only ? counted(*only, session.error())
                                                                                       : session.error());
    }
    auto keyManagement = session->certificateDer(WrappedCacheKey::kKeyManagementId);
    auto mine = keyManagement ? folderOfCard(folders, *keyManagement) : std::nullopt;
    if (!mine && !only) {
        return fail(ErrorCode::TokenFailure,
                    "None of the offline caches on this computer belongs to this card: sign in online with it and "
                    "take cases for field work first.");
    }
    // With one cache that is not this card's, the opening below refuses it (and counts it).
    const auto folder = mine.value_or(folders.front());
    const CacheHygiene hygiene(folder);
    auto der = session->certificateDer(auth::kPivAuthenticationId);
    if (!der) {
        return std::unexpected(der.error());
    }
    // The cached CRL and the configured trust material only: offline, nothing is fetched.
    auto validator = pki::CertificateValidator::load(m_config.pki);
    if (!validator) {
        return std::unexpected(validator.error());
    }
    const auto verdict = validator->validate(*der, now);
    if (!verdict.trusted()) {
        return fail(ErrorCode::CertificateRefused, verdict.message, verdict.detail);
    }
    auto certificate = pki::CertificateInfo::fromDer(*der);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    // As at the online sign-in: cards capped at TLS 1.2 are the ones whose middleware cannot sign PSS.
    const auto padding = m_config.server.tlsMaxVersion == "1.2" ? auth::PossessionProof::RsaPadding::Pkcs1v15
                                                                : auth::PossessionProof::RsaPadding::Pss;
    if (auto proven = auth::PossessionProof::prove(*session, auth::kPivAuthenticationId, *der, padding); !proven) {
        return std::unexpected(proven.error());
    }
    auto cache = OfflineCache::open(folder, *session);
    if (!cache) {
        return std::unexpected(counted(hygiene, cache.error()));
    }
    if (auto fresh = CacheHygiene::checkSyncedRecently(cache->database(), m_config.offline.maxDaysWithoutSync, now);
        !fresh) {
        return std::unexpected(fresh.error());
    }
    hygiene.recordUnlocked();
    return OfflineSession{std::move(*cache), folder, std::move(*certificate)};
}

} // namespace cms::core::cache
