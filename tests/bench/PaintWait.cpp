#include "tests/bench/PaintWait.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <stdexcept>

namespace cms::bench {

namespace {

// Notes the first Paint event of the watched widget once `ready()` holds.
class PaintSpy : public QObject
{
public:
    explicit PaintSpy(const std::function<bool()>& ready)
        : m_ready(ready)
    {}

    bool painted = false;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !painted && m_ready()) {
            painted = true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const std::function<bool()>& m_ready;
};

// Runs the event loop until `done()`, waking at least every 2 ms so a deadline is noticed.
void loopUntil(const std::function<bool()>& done, int timeoutMs)
{
    QTimer wake;
    wake.start(2);
    const auto deadline = PaintWait::Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!done()) {
        if (PaintWait::Clock::now() > deadline) {
            throw std::runtime_error("the window did not get there in time");
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
}

} // namespace

void PaintWait::ensureApplication()
{
    if (QApplication::instance() != nullptr) {
        return;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    static int argc = 1;
    static char name[] = "bench";
    static char* argv[] = {name, nullptr};
    // Left to the end of the process on purpose: widgets of static lifetime may outlive main().
    new QApplication(argc, argv);
}

void PaintWait::show(QWidget& window)
{
    window.show();
    loopUntil([&] { return window.windowHandle() != nullptr && window.windowHandle()->isExposed(); }, 5000);
}

double
PaintWait::untilPainted(QWidget& widget, const std::function<bool()>& ready, Clock::time_point started, int timeoutMs)
{
    PaintSpy spy(ready);
    widget.installEventFilter(&spy);
    try {
        // The paint runs inside the dispatch that the filter saw: it is over when processEvents
        // returns.
        loopUntil([&] { return spy.painted; }, timeoutMs);
    } catch (...) {
        widget.removeEventFilter(&spy);
        throw;
    }
    widget.removeEventFilter(&spy);
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

void PaintWait::until(const std::function<bool()>& ready, int timeoutMs)
{
    loopUntil(ready, timeoutMs);
}

} // namespace cms::bench
