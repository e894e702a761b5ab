#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

namespace cms::ui {

class DatabaseWorker;

// Tells open cases that someone else changed them (PostgreSQL LISTEN/NOTIFY on cms_case_<id>,
// sql/server/0013): it listens on the session's connection for each case open here and looks
// for notifications every couple of seconds (a notification carries no data; the case is
// re-read by whoever wants it).
class CaseChangeWatcher : public QObject
{
    Q_OBJECT

public:
    explicit CaseChangeWatcher(DatabaseWorker& database, QObject* parent = nullptr);

    void watch(const QString& caseId);
    void unwatch(const QString& caseId);
    // Looks for notifications now (the timer does it every two seconds).
    void check();

signals:
    void caseChanged(const QString& caseId);

private:
    [[nodiscard]] static std::string channelOf(const QString& caseId);

    DatabaseWorker& m_database;
    QTimer m_timer;
    QSet<QString> m_watched;
};

} // namespace cms::ui
