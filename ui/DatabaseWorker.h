#pragma once

#include "core/remote/CardConnector.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace cms::ui {

// The signed-in session's one database connection, used from one thread of its own: the GUI
// never waits on the network, and statements reach the server in the order they were asked for.
// A result comes back on the GUI thread to a context object; if the context is gone by then, the
// result is dropped.
class DatabaseWorker : public QObject
{
    Q_OBJECT

public:
    explicit DatabaseWorker(std::shared_ptr<core::remote::CardConnection> connection, QObject* parent = nullptr);
    ~DatabaseWorker() override;

    // Forgets the connection; it closes once the work already queued is done.
    void release();
    // Waits until everything queued so far is done.
    void flush();

    template <typename T>
    void
    run(QObject* context, std::function<T(const core::remote::PgConnection&)> work, std::function<void(T)> done = {})
    {
        if (!m_connection) {
            return;
        }
        auto* watcher = new QFutureWatcher<T>(context);
        QObject::connect(watcher, &QFutureWatcher<T>::finished, watcher, [watcher, done = std::move(done)] {
            if (done) {
                done(watcher->result());
            }
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::run(
            &m_pool, [connection = m_connection, work = std::move(work)] { return work(connection->connection); }));
    }

    // Fire and forget (audit events): nothing comes back.
    void post(std::function<void(const core::remote::PgConnection&)> work);

private:
    std::shared_ptr<core::remote::CardConnection> m_connection;
    QThreadPool m_pool;
};

} // namespace cms::ui
