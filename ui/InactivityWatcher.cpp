#include "ui/InactivityWatcher.h"

#include <QCoreApplication>
#include <QEvent>

namespace cms::ui {

InactivityWatcher::InactivityWatcher(std::chrono::seconds limit, QObject* parent, Clock clock)
    : QObject(parent)
    , m_limit(limit)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
    , m_lastUse(m_clock())
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &InactivityWatcher::check);
    QCoreApplication::instance()->installEventFilter(this);
}

void InactivityWatcher::setActive(bool watching)
{
    m_watching = watching;
    m_lastUse = m_clock();
    if (watching) {
        m_timer.start();
    } else {
        m_timer.stop();
    }
}

void InactivityWatcher::check()
{
    if (m_watching && m_clock() - m_lastUse >= m_limit) {
        m_watching = false;
        m_timer.stop();
        emit inactive();
    }
}

bool InactivityWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        m_lastUse = m_clock();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace cms::ui
