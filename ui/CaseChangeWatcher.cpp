#include "ui/CaseChangeWatcher.h"

#include "ui/DatabaseWorker.h"

namespace cms::ui {

CaseChangeWatcher::CaseChangeWatcher(DatabaseWorker& database, QObject* parent)
    : QObject(parent)
    , m_database(database)
{
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &CaseChangeWatcher::check);
}

std::string CaseChangeWatcher::channelOf(const QString& caseId)
{
    return "cms_case_" + caseId.toLower().toStdString();
}

void CaseChangeWatcher::watch(const QString& caseId)
{
    if (m_watched.contains(caseId)) {
        return;
    }
    m_watched.insert(caseId);
    m_database.post([channel = channelOf(caseId)](const core::remote::PgConnection& connection) {
        (void)connection.listen(channel);
    });
    m_timer.start();
}

void CaseChangeWatcher::unwatch(const QString& caseId)
{
    if (!m_watched.remove(caseId)) {
        return;
    }
    m_database.post([channel = channelOf(caseId)](const core::remote::PgConnection& connection) {
        (void)connection.unlisten(channel);
    });
    if (m_watched.isEmpty()) {
        m_timer.stop();
    }
}

void CaseChangeWatcher::check()
{
    m_database.run<Result<std::vector<std::string>>>(
        this,
        [](const core::remote::PgConnection& connection) { return connection.takeNotifications(); },
        [this](Result<std::vector<std::string>> channels) {
            if (!channels) {
                return;
            }
            for (const QString& caseId : std::as_const(m_watched)) {
                if (std::ranges::find(*channels, channelOf(caseId)) != channels->end()) {
                    emit caseChanged(caseId);
                }
            }
        });
}

} // namespace cms::ui
