#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

#include <map>
#include <optional>
#include <string>

namespace cms::core::sync {

// A field's new value as text, or nothing for NULL.
using ChangedFields = std::map<std::string, std::optional<std::string>>;

// Edits made on the laptop (issue: offline field work): each one changes the cached row and
// joins the outbox in one transaction of the cache, with a new id (UUID), the version the row
// had and the fields changed, so that a crash keeps both or neither.
class OfflineEdits
{
public:
    explicit OfflineEdits(const cache::CacheDatabase& cache);

    // Applies the edit to the cached row and queues it; returns the entry's id.
    [[nodiscard]] Result<std::string>
    edit(const std::string& table, const std::string& rowId, const ChangedFields& changed) const;
    // The cached row as JSON, with the edits made here.
    [[nodiscard]] Result<std::string> row(const std::string& table, const std::string& rowId) const;
    [[nodiscard]] Result<long long> pendingCount() const;

private:
    const cache::CacheDatabase& m_cache;
};

} // namespace cms::core::sync
