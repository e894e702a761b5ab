#pragma once

#include "core/common/ThreadCryptoScope.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace cms::ui {

// One resource of the session (the database connection, the offline cache) used from one
// thread of its own: the GUI never waits on it, and work reaches it in the order it was asked
// for. A result comes back on the GUI thread to a context object; if the context is gone by then,
// the result is dropped. `Handle` is what the work is given: `handleOf(resource)`.
template <typename Resource, typename Handle> class SerialWorker
{
public:
    using HandleOf = const Handle& (*)(const Resource&);

    SerialWorker(std::shared_ptr<Resource> resource, HandleOf handleOf)
        : m_resource(std::move(resource))
        , m_handleOf(handleOf)
    {
        m_pool.setMaxThreadCount(1);
    }
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;
    ~SerialWorker()
    {
        // The thread's last work drops OpenSSL's state of that thread (core/common/ThreadCryptoScope.h).
        m_pool.start([] { const ThreadCryptoScope dropCryptoState; });
        m_pool.waitForDone();
    }

    // Forgets the resource; it closes once the work already queued is done (which holds it).
    void release()
    {
        m_resource.reset();
    }
    // Waits until everything queued so far is done.
    void flush()
    {
        m_pool.waitForDone();
    }

    template <typename T>
    void run(QObject* context, std::function<T(const Handle&)> work, std::function<void(T)> done = {})
    {
        if (!m_resource) {
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
            QtConcurrent::run(&m_pool, [resource = m_resource, handleOf = m_handleOf, work = std::move(work)] {
                return work(handleOf(*resource));
            }));
    }

    // Fire and forget (audit events): nothing comes back.
    void post(std::function<void(const Handle&)> work)
    {
        if (!m_resource) {
            return;
        }
        m_pool.start(
            [resource = m_resource, handleOf = m_handleOf, work = std::move(work)] { work(handleOf(*resource)); });
    }

private:
    std::shared_ptr<Resource> m_resource;
    HandleOf m_handleOf;
    QThreadPool m_pool;
};

} // namespace cms::ui
