#include "ui/CacheWorker.h"

namespace cms::ui {

CacheWorker::CacheWorker(std::shared_ptr<core::cache::OfflineCache> cache, QObject* parent)
    : QObject(parent)
    , m_cache(std::move(cache))
{
    m_pool.setMaxThreadCount(1);
}

CacheWorker::~CacheWorker()
{
    m_pool.waitForDone();
}

void CacheWorker::release()
{
    m_cache.reset(); // queued work holds its own reference until it is done
}

void CacheWorker::flush()
{
    m_pool.waitForDone();
}

} // namespace cms::ui
