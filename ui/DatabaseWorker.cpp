#include "ui/DatabaseWorker.h"

namespace cms::ui {

DatabaseWorker::DatabaseWorker(std::shared_ptr<core::remote::CardConnection> connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
{
    m_pool.setMaxThreadCount(1);
}

DatabaseWorker::~DatabaseWorker()
{
    m_pool.waitForDone();
}

void DatabaseWorker::release()
{
    m_connection.reset(); // queued work holds its own reference until it is done
}

void DatabaseWorker::flush()
{
    m_pool.waitForDone();
}

void DatabaseWorker::post(std::function<void(const core::remote::PgConnection&)> work)
{
    if (!m_connection) {
        return;
    }
    m_pool.start([connection = m_connection, work = std::move(work)] { work(connection->connection); });
}

} // namespace cms::ui
