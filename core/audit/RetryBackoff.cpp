#include "core/audit/RetryBackoff.h"

#include <algorithm>
#include <random>
#include <thread>

namespace cms::core::audit {

RetryBackoff::RetryBackoff(std::chrono::milliseconds first, std::chrono::milliseconds max, Sleep sleep, Say say)
    : m_first(first)
    , m_max(max)
    , m_sleep(sleep ? std::move(sleep)
                    : Sleep([](std::chrono::milliseconds pause) { std::this_thread::sleep_for(pause); }))
    , m_say(say ? std::move(say) : Say([](const std::string&) {}))
{}

void RetryBackoff::wait(int attempt, const std::string& why) const
{
    const auto ceiling = std::min(m_max.count(), m_first.count() << std::min(attempt, 20));
    static thread_local std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<long long> jitter(ceiling / 2, std::max<long long>(ceiling, 1));
    const std::chrono::milliseconds pause(jitter(random));
    m_say(why + "; trying again in " + std::to_string(pause.count()) + " ms");
    m_sleep(pause);
}

} // namespace cms::core::audit
