#pragma once

#include "core/cache/OfflineCache.h"
#include "ui/SerialWorker.h"

namespace cms::ui {

// The offline session's cache on a thread of its own (SerialWorker): an SQLite connection is
// used from one thread at a time.
class CacheWorker : public SerialWorker<core::cache::OfflineCache, core::cache::CacheDatabase>
{
public:
    explicit CacheWorker(std::shared_ptr<core::cache::OfflineCache> cache);
};

} // namespace cms::ui
