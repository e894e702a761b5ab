#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace cms::ui {

// Notices when the person has not used the application for a while: any key or mouse event in
// it counts as use. Time comes from a clock that tests replace.
class InactivityWatcher : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit InactivityWatcher(std::chrono::seconds limit, QObject* parent = nullptr, Clock clock = {});

    void setActive(bool watching);
    // Looks at the clock now (the timer does it every few seconds).
    void check();

signals:
    void inactive();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    std::chrono::seconds m_limit;
    Clock m_clock;
    std::chrono::steady_clock::time_point m_lastUse;
    QTimer m_timer;
    bool m_watching = false;
};

} // namespace cms::ui
