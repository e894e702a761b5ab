#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cms::bench {

// One measured figure against its target. Benchmarks check the speed and memory targets of the
// issues; unit tests never time anything.
struct Measurement
{
    double value = 0;
    std::string unit;
};

struct Benchmark
{
    std::string name;
    std::string description;
    double target = 0; // the measured value must not exceed it (or fall below it: higherIsBetter)
    std::string unit;
    std::function<Measurement()> run;
    bool higherIsBetter = false;
};

[[nodiscard]] std::vector<Benchmark>& registry();

struct Registration
{
    explicit Registration(Benchmark benchmark);
};

// The 95th percentile of `samples` figures in milliseconds that `measure(i)` takes itself (for
// what ends on its own event, such as a paint), i = 0 .. samples - 1.
[[nodiscard]] double p95OfSamples(int samples, const std::function<double(int)>& measure);
// Median of `samples` timed calls of `body`, in milliseconds.
[[nodiscard]] double medianMilliseconds(int samples, const std::function<void()>& body);
// The 95th percentile of `samples` timed calls of `body(i)`, i = 0 .. samples - 1, in milliseconds.
[[nodiscard]] double p95Milliseconds(int samples, const std::function<void(int)>& body);

} // namespace cms::bench
