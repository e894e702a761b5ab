#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"
#include "core/print/CaseFileCopy.h"

#include <string>
#include <vector>

namespace cms::core::sync {

// A case file printed offline (issue: hard copies, "printing offline records the entry in the
// cache and syncs it"): read from the cache as the offline case form shows it (masked people:
// the copy is always redacted, even for a PII-holder whose cache holds PII, since an unredacted
// copy's PII is released by the office's register; no history, which is the server's),
// and registered in the laptop's own register with a label of its own ("<device>-<n>", printed
// on every page) until the sync registers it at the office (OfflineCopyUpload).
class OfflineCaseFile
{
public:
    [[nodiscard]] static Result<print::CaseFile>
    load(const cache::CacheDatabase& cache, const std::string& caseId, const std::vector<std::string>& sections);
    // Registered here first, then read; an unredacted copy is refused (it needs the network).
    [[nodiscard]] static Result<print::CaseFileCopy> make(const cache::CacheDatabase& cache,
                                                          const print::CopyRequest& request);
    // Nothing registered.
    [[nodiscard]] static Result<print::CaseFileCopy> preview(const cache::CacheDatabase& cache,
                                                             const print::CopyRequest& request);
};

} // namespace cms::core::sync
