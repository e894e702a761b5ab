#include "core/admin/DemoRandom.h"

namespace cms::core::admin {

namespace {

std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

} // namespace

DemoRandom::DemoRandom(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
    : m_state(mix(mix(seed) ^ (stream * 0x9E3779B97F4A7C15ULL)) ^ mix(index + 0x632BE59BD9B4E019ULL))
{}

std::uint64_t DemoRandom::next()
{
    m_state += 0x9E3779B97F4A7C15ULL;
    return mix(m_state);
}

std::uint64_t DemoRandom::below(std::uint64_t bound)
{
    // The modulo bias is below 2^-40 for the bounds used here: irrelevant for demo data.
    return next() % bound;
}

int DemoRandom::between(int low, int high)
{
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1)));
}

bool DemoRandom::chance(double probability)
{
    return static_cast<double>(next() >> 11U) * 0x1.0p-53 < probability;
}

std::string_view DemoRandom::pick(std::span<const std::string_view> words)
{
    return words[below(words.size())];
}

} // namespace cms::core::admin
