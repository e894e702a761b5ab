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
    return p95OfSamples(samples, [&](int i) {
        const auto start = std::chrono::steady_clock::now();
        body(i);
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    });
}

double p95OfSamples(int samples, const std::function<double(int)>& measure)
{
    std::vector<double> values;
    for (int i = 0; i < samples; ++i) {
        values.push_back(measure(i));
    }
    std::ranges::sort(values);
    return values[std::min(values.size() - 1, values.size() * 95 / 100)];
}

} // namespace cms::bench
