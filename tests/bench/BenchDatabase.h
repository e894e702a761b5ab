#pragma once

#include "core/admin/DemoSeeder.h"
#include "core/remote/CardConnector.h"
#include "core/remote/PgConnection.h"

#include <string>

namespace cms::bench {

// The benchmark database on the dev cluster: the schema, the dev people's staff rows (copied from
// `cms`, so their cards sign in to it) and the demo seed: 1,000,000 cases in `cms_bench` by
// default; CMS_BENCH_CASES=N measures on N cases in a database of its own (`cms_bench_N`), so
// the million stays seeded. Kept between runs; made anew when missing, when it holds another
// number of cases, or by reseed().
class BenchDatabase
{
public:
    [[nodiscard]] static std::string name();
    static constexpr std::uint64_t kSeed = 1;

    [[nodiscard]] static long long cases();
    // Drops, migrates and seeds the database; returns the seed's report (VACUUM ANALYZE after it
    // is not counted).
    [[nodiscard]] static core::admin::DemoSeedReport reseed();
    // Seeds it unless it holds cases() cases already.
    static void ensure();
    [[nodiscard]] static core::remote::PgConnection admin();
    // A new case of the officer's team with 20 people, 10 products and 50 activities, as the case
    // form benchmarks open it (each call makes one; a bench database is disposable).
    [[nodiscard]] static std::string largeCase();
    // Signs in to the benchmark database with a dev card, as the client would.
    [[nodiscard]] static core::remote::CardConnection connectAs(const std::string& tokenLabel);
};

} // namespace cms::bench
