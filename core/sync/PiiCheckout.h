#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

struct PiiCheckoutReport
{
    bool piiHolder = false;
    int peopleTaken = 0;   // people whose PII came into the cache now
    int peopleRemoved = 0; // PII taken out of the cache: the grant is gone
};

// The PII of the checked-out cases' people in a PII-holder's cache (issue: offline field work,
// "PII only for PII-holders"), so that a field is revealed offline as online. It sits in the
// encrypted cache beside the masked rows (cached_rows, table `people_pii`, keyed by person), and
// leaves with its case. The server gives it through cms.checkout_pii, which records one
// `pii.checkout` event per case; a person whose row changed at the office (a correction) loses
// their cached PII at the pull (ChangePuller) and gets it back here. Without the grant (withdrawn
// since the last sync) every PII row leaves the cache and nothing is asked.
class PiiCheckout
{
public:
    PiiCheckout(const cache::CacheDatabase& cache, const remote::PgConnection& server);

    // Asks the server for the PII of the cached people who have none here yet.
    [[nodiscard]] Result<PiiCheckoutReport> refresh() const;

private:
    const cache::CacheDatabase& m_cache;
    const remote::PgConnection& m_server;
};

} // namespace cms::core::sync
