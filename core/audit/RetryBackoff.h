#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace cms::core::audit {

// The forwarders' wait between failed attempts: exponential from `first` up to `max`, with full
// jitter between half the ceiling and the ceiling (forwarders restarted together spread out),
// and no limit on the number of attempts (an audit event is never given up).
class RetryBackoff
{
public:
    using Sleep = std::function<void(std::chrono::milliseconds)>;
    using Say = std::function<void(const std::string&)>;

    RetryBackoff(std::chrono::milliseconds first, std::chrono::milliseconds max, Sleep sleep, Say say);

    // Says why and how long, then sleeps; `attempt` counts from 0.
    void wait(int attempt, const std::string& why) const;

private:
    std::chrono::milliseconds m_first;
    std::chrono::milliseconds m_max;
    Sleep m_sleep;
    Say m_say;
};

} // namespace cms::core::audit
