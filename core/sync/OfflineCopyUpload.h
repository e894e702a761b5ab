#pragma once

#include "core/cache/CacheDatabase.h"
#include "core/common/Result.h"

namespace cms::core::remote {
class PgConnection;
}

namespace cms::core::sync {

// Takes the copies printed offline (OfflineCaseFile) to the office's register at the sync, in
// the order they were printed, each through cms.register_offline_copy (the case's next number,
// the time it was printed, the label on its pages, redacted or not), and keeps the number it got. Sent again
// after a lost reply, an entry registers nothing new (the server knows its id).
class OfflineCopyUpload
{
public:
    // How many copies were registered now.
    [[nodiscard]] static Result<int> upload(const cache::CacheDatabase& cache, const remote::PgConnection& server);
};

} // namespace cms::core::sync
