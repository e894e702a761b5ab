#include "ui/CacheWorker.h"

namespace cms::ui {

namespace {

const core::cache::CacheDatabase& databaseOf(const core::cache::OfflineCache& cache)
{
    return cache.database();
}

} // namespace

CacheWorker::CacheWorker(std::shared_ptr<core::cache::OfflineCache> cache)
    : SerialWorker(std::move(cache), &databaseOf)
{}

} // namespace cms::ui
