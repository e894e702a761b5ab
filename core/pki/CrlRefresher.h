#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"

#include <chrono>
#include <string>
#include <vector>

namespace cms::core::pki {

// What became of one distribution point.
struct CrlSourceOutcome
{
    enum class State
    {
        Updated,     // a newer list replaced this computer's
        Unchanged,   // the same list as this computer's
        Refused,     // received, but not trustworthy or older than this computer's
        Unreachable, // not received
    };
    std::string url;
    State state = State::Unreachable;
    std::string message; // in words, for the operator and the log; never personal data
};

struct CrlRefreshReport
{
    std::vector<CrlSourceOutcome> sources;
    bool cacheReplaced = false;

    [[nodiscard]] bool anyFailed() const;
};

// Refreshes the local CRL cache that sign-in reads ([pki] crl_cache; sign-in itself never
// downloads). Every list from [pki] crl_urls is accepted only when a configured certificate
// authority (trust anchor or intermediate) signed it, it is not dated in the future, and it is
// newer than the one this computer holds for that authority (a replayed old list would revive
// revoked cards); lists of other authorities stay as they were. The cache is replaced
// atomically, so a sign-in never reads half of it.
class CrlRefresher
{
public:
    explicit CrlRefresher(config::PkiSettings settings);

    [[nodiscard]] Result<CrlRefreshReport>
    refresh(std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

    [[nodiscard]] static const char* toString(CrlSourceOutcome::State state);

private:
    config::PkiSettings m_settings;
};

} // namespace cms::core::pki
