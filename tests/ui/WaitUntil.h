#pragma once

#include <functional>

namespace cms::tests {

// Runs the event loop until `done` or the timeout (sign-in, unlock and card looks work on other
// threads); returns `done()`.
bool waitUntil(const std::function<bool()>& done, int timeoutMs = 20000);

} // namespace cms::tests
