#pragma once

#include "core/common/ThreadCryptoScope.h"

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace cms::ui {

// Runs `work` on Qt's thread pool and returns its QFuture, for work that may use OpenSSL (the
// card, the database, the revocation list): the pool thread drops OpenSSL's per-thread state
// before the future reports the work done (core/common/ThreadCryptoScope.h).
template <typename Work> auto runOffGuiThread(Work work)
{
    return QtConcurrent::run([work = std::move(work)]() mutable {
        const ThreadCryptoScope dropCryptoState;
        return work();
    });
}

} // namespace cms::ui
