#pragma once

#include "core/cache/OfflineCache.h"
#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"
#include "core/pki/CertificateInfo.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace cms::core::cache {

// A session without the network: the cache it opened and whose card did it.
struct OfflineSession
{
    OfflineCache cache;
    std::filesystem::path folder;
    pki::CertificateInfo certificate;
};

// Signing in offline (issue: offline field work): the card and its PIN, the certificate validated
// against the configured trust anchors and the cached CRL (nothing is downloaded), the card's
// proof that it holds the key, then the card unwraps the cache. A cache not synced for
// [offline] max_days_without_sync stays locked; a wrong PIN or another card counts toward the
// wipe after ten failed unlocks (CacheHygiene).
//
// `cacheFolder` is the person's cache folder, or the folder of everyone's (FieldWork::cacheFolder's
// parent: offline the login role is not known yet), where the card's key-management certificate
// picks the cache wrapped to it.
class OfflineSignIn
{
public:
    explicit OfflineSignIn(config::AppConfig config);

    [[nodiscard]] Result<OfflineSession> signIn(const std::string& tokenLabel,
                                                const SecureBuffer& pin,
                                                const std::filesystem::path& cacheFolder,
                                                std::chrono::system_clock::time_point now) const;

private:
    config::AppConfig m_config;
};

} // namespace cms::core::cache
