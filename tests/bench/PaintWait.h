#pragma once

#include <chrono>
#include <functional>

class QWidget;

namespace cms::bench {

// What the window benchmarks need of Qt: an application (offscreen unless a platform is set) and
// a way to run the event loop until something has been painted.
class PaintWait
{
public:
    using Clock = std::chrono::steady_clock;

    // Makes the one QApplication of the process, once.
    static void ensureApplication();
    // Shows `window` and waits until the platform has exposed it.
    static void show(QWidget& window);
    // Runs the event loop until `ready()` holds and `widget` has painted since it held; returns
    // the milliseconds from `started` to the end of that paint. Throws after `timeoutMs`.
    static double
    untilPainted(QWidget& widget, const std::function<bool()>& ready, Clock::time_point started, int timeoutMs = 30000);
    // Runs the event loop until `ready()` holds (no paint asked for). Throws after `timeoutMs`.
    static void until(const std::function<bool()>& ready, int timeoutMs = 30000);
};

} // namespace cms::bench
