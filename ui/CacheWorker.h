#pragma once

#include "core/cache/OfflineCache.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace cms::ui {

// The offline session's cache, used from one thread of its own (SQLite connections are used from
// one thread at a time), as DatabaseWorker does for the server: results come back on the GUI
// thread to a context object, dropped if it is gone.
class CacheWorker : public QObject
{
    Q_OBJECT

public:
    explicit CacheWorker(std::shared_ptr<core::cache::OfflineCache> cache, QObject* parent = nullptr);
    ~CacheWorker() override;

    // Closes the cache once the work already queued is done.
    void release();
    void flush();

    template <typename T>
    void
    run(QObject* context, std::function<T(const core::cache::CacheDatabase&)> work, std::function<void(T)> done = {})
    {
        if (!m_cache) {
            return;
        }
        auto* watcher = new QFutureWatcher<T>(context);
        QObject::connect(watcher, &QFutureWatcher<T>::finished, watcher, [watcher, done = std::move(done)] {
            if (done) {
                done(watcher->result());
            }
            watcher->deleteLater();
        });
        watcher->setFuture(
            QtConcurrent::run(&m_pool, [cache = m_cache, work = std::move(work)] { return work(cache->database()); }));
    }

private:
    std::shared_ptr<core::cache::OfflineCache> m_cache;
    QThreadPool m_pool;
};

} // namespace cms::ui
