#pragma once

#include "core/cache/OfflineCache.h"
#include "core/sync/CacheOwner.h"

#include <memory>
#include <string>

namespace cms::ui {

// A session without the network (issue: offline field work): the cache the card opened at the
// offline sign-in, whom it belongs to, and the card (which locks the window when it leaves its
// reader and unlocks it again).
struct OfflineWork
{
    std::shared_ptr<core::cache::OfflineCache> cache;
    core::sync::CacheOwner owner;
    std::string cardLabel;
    std::string cardSerialNumber;
    std::string cardUuid;
};

} // namespace cms::ui
