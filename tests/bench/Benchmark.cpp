#include "tests/bench/Benchmark.h"

#include <algorithm>
#include <chrono>

namespace cms::bench {

std::vector<Benchmark>& registry()
{
    static std::vector<Benchmark> benchmarks;
    return benchmarks;
}

Registration::Registration(Benchmark benchmark)
{
    registry().push_back(std::move(benchmark));
}

double medianMilliseconds(int samples, const std::function<void()>& body)
{
    std::vector<double> times;
    for (int i = 0; i < samples; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::ranges::sort(times);
    return times[times.size() / 2];
}

double p95Milliseconds(int samples, const std::function<void(int)>& body)
{
    std::vector<double> times;
    for (int i = 0; i < samples; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body(i);
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::ranges::sort(times);
    return times[std::min(times.size() - 1, times.size() * 95 / 100)];
}

} // namespace cms::bench
