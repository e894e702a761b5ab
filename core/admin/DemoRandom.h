#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace cms::core::admin {

// A small, fast generator (SplitMix64) whose output is the same on every platform and standard
// library, unlike std::uniform_int_distribution: demo data must be identical for a given seed.
// Not for anything secret: case ids in production come from the server's strong random source.
class DemoRandom
{
public:
    // A stream of its own for each (seed, stream, index): tables are generated independently and
    // still agree on each case.
    DemoRandom(std::uint64_t seed, std::uint64_t stream, std::uint64_t index = 0);

    std::uint64_t next();
    // Uniform in [0, bound); bound > 0.
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [low, high].
    int between(int low, int high);
    bool chance(double probability);
    std::string_view pick(std::span<const std::string_view> words);

private:
    std::uint64_t m_state;
};

} // namespace cms::core::admin
