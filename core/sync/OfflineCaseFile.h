#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"
#include "core/print/CaseFileCopy.h"

#include <string>
#include <vector>

namespace cms::core::sync {

// A case file printed offline (issue: hard copies, "printing offline records the entry in the
// cache and syncs it"): read from the cache as the offline case form shows it (masked people;
// no history, which is the server's), and registered in the laptop's own register with a label
// of its own ("<device>-<n>", printed on every page) until the sync registers it at the office
// (OfflineCopyUpload). A PII-holder's unredacted copy prints the PII the cache took at the last
// sync (PiiCheckout); that reading is recorded in the laptop's chain (`hard_copy.pii_read`, how
// many people, never a value) in the transaction that registers the copy.
class OfflineCaseFile
{
public:
    [[nodiscard]] static Result<print::CaseFile>
    load(const cache::CacheDatabase& cache, const std::string& caseId, const std::vector<std::string>& sections);
    // Read, then registered; an unredacted copy is refused (and the refusal recorded) when the
    // cache's owner held no PII grant at the last sync.
    [[nodiscard]] static Result<print::CaseFileCopy> make(const cache::CacheDatabase& cache,
                                                          const print::CopyRequest& request);
    // Nothing registered, and PII masked.
    [[nodiscard]] static Result<print::CaseFileCopy> preview(const cache::CacheDatabase& cache,
                                                             const print::CopyRequest& request);
};

} // namespace cms::core::sync
