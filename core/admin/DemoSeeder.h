#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cms::core::admin {

struct DemoSeedRequest
{
    long long cases = 0;
    std::uint64_t seed = 1;
    // Without it, a database that already holds cases is refused: demo data never lands in a
    // database with real work in it by accident.
    bool append = false;
};

struct DemoSeedReport
{
    std::vector<std::pair<std::string, long long>> rowsByTable;
    long long totalRows = 0;
    double seconds = 0;
};

// Fills the central database with realistic synthetic cases (`cmsadmin demo seed`): firms,
// products, samples, people with PII, notes, determinations, corrective actions and letters,
// the same for a given seed and the same set of case workers. Bulk rows go in with COPY, in one
// transaction (a failure leaves nothing behind), with the row triggers off: the seeder itself
// writes what they would (versions, change sequence, the case's visibility on each row, masked
// PII by the server's own mask functions), and the whole seed is one audit event instead of
// millions. Runs with the operator's (superuser) connection.
class DemoSeeder
{
public:
    using Progress = std::function<void(std::string_view table, long long rows)>;

    explicit DemoSeeder(const remote::PgConnection& admin);

    [[nodiscard]] Result<DemoSeedReport> seed(const DemoSeedRequest& request, const Progress& progress = {}) const;

private:
    const remote::PgConnection& m_admin;
};

} // namespace cms::core::admin
