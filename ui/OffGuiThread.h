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
        // The work and what it holds (a connection, say) go before the state is dropped: the
        // task itself is deleted only after its future reports it done.
        auto own = std::move(work);
        return own();
    });
}

} // namespace cms::ui
