// `sync_worker FOLDER TOKEN`: a laptop's push in a process of its own, for the test that kills it
// with SIGKILL in the middle of a sync (OfflineSyncTest). Opens the cache in FOLDER with the dev
// card TOKEN, pushes its outbox over that person's card connection, exits 0 when it is empty.
#include "core/cache/OfflineCache.h"
#include "core/sync/OutboxPusher.h"
#include "tests/support/Connections.h"
#include "tests/support/SignedInCard.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: sync_worker FOLDER TOKEN\n");
        return 2;
    }
    try {
        // The connection first: its sign-in ends with a logout of the card.
        const auto person = cms::tests::connectAs(argv[2]);
        const auto card = cms::tests::SignedInCard::of(argv[2]);
        auto cache = cms::core::cache::OfflineCache::open(argv[1], *card.session);
        if (!cache) {
            std::fprintf(stderr, "sync_worker: %s\n", cache.error().message.c_str());
            return 1;
        }
        const auto pushed = cms::core::sync::OutboxPusher(cache->database(), person.connection).push();
        if (!pushed || pushed->conflict) {
            std::fprintf(stderr, "sync_worker: the push failed or met a conflict\n");
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sync_worker: %s\n", e.what());
        return 1;
    }
}
