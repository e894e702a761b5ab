#include "tests/ui/WaitUntil.h"

#include <QElapsedTimer>
#include <QTest>

namespace cms::tests {

bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QTest::qWait(20);
    }
    return done();
}

} // namespace cms::tests
