#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <string>

namespace cms::core::sync {

// A PII field revealed offline (issue: offline field work): read from the PII a PII-holder's
// cache took at the last sync (PiiCheckout) and recorded in the laptop's chain as `pii.reveal`
// (the field's name, never its value), as the server records an online reveal. Refused, and
// recorded, for a cache owner without the grant; a person whose PII the cache does not hold yet
// (added since the last sync) is named as such.
class OfflineReveal
{
public:
    // `piiHolder`: the cache owner held the grant at the last sync (CacheOwner).
    [[nodiscard]] static Result<std::string> reveal(const cache::CacheDatabase& cache,
                                                    bool piiHolder,
                                                    const std::string& caseId,
                                                    const std::string& personId,
                                                    const std::string& field);
};

} // namespace cms::core::sync
