// `bench [NAME...]`: runs the named benchmarks (all without names) and prints one tab-separated
// line each: name, measured, target, verdict, description. packaging/dev/bench formats the table.
#include "tests/bench/Benchmark.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    const std::vector<std::string> wanted(argv + 1, argv + argc);
    int failures = 0;
    int ran = 0;
    for (const auto& benchmark : cms::bench::registry()) {
        if (!wanted.empty() && std::ranges::find(wanted, benchmark.name) == wanted.end()) {
            continue;
        }
        ++ran;
        try {
            const auto measured = benchmark.run();
            const bool met =
                benchmark.higherIsBetter ? measured.value >= benchmark.target : measured.value <= benchmark.target;
            failures += met ? 0 : 1;
            std::printf("%s\t%.3f %s\t%s %g %s\t%s\t%s\n",
                        benchmark.name.c_str(),
                        measured.value,
                        measured.unit.c_str(),
                        benchmark.higherIsBetter ? ">=" : "<=",
                        benchmark.target,
                        benchmark.unit.c_str(),
                        met ? "met" : "MISSED",
                        benchmark.description.c_str());
        } catch (const std::exception& e) {
            ++failures;
            std::printf("%s\terror\t%s %g %s\tERROR\t%s\n",
                        benchmark.name.c_str(),
                        benchmark.higherIsBetter ? ">=" : "<=",
                        benchmark.target,
                        benchmark.unit.c_str(),
                        e.what());
        }
    }
    if (ran == 0) {
        std::fprintf(stderr, "bench: no benchmark matches\n");
        return 2;
    }
    return failures == 0 ? 0 : 1;
}
