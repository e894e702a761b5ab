#pragma once

// The officer's laptop for the offline benchmarks: a new SQLCipher cache opened with her SoftHSM
// card, in a folder of its own, and her card connection.
#include "core/cache/OfflineCache.h"
#include "core/remote/CardConnector.h"
#include "core/sync/DeviceAuditUpload.h"
#include "tests/support/SignedInCard.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cms::bench {

struct BenchLaptop
{
    // The connection first: its sign-in ends with a logout, which PKCS#11 applies to every
    // session of the process on that card, so the cache's card session signs in after it.
    core::remote::CardConnection officer;
    tests::SignedInCard card = tests::SignedInCard::of("oortega");
    std::filesystem::path folder = std::filesystem::temp_directory_path() / "cms-bench-laptop";
    std::optional<core::cache::OfflineCache> cache;

    // Connected to the bench database, unless given another connection of the officer's.
    explicit BenchLaptop(std::optional<core::remote::CardConnection> connection = std::nullopt);
    ~BenchLaptop();
    BenchLaptop(const BenchLaptop&) = delete;
    BenchLaptop& operator=(const BenchLaptop&) = delete;

    // 2,000 open cases of her team, newest first.
    [[nodiscard]] std::vector<std::string> fieldCases() const;
    // Signs the laptop's audit batches with her card.
    [[nodiscard]] core::sync::BatchSigner signer() const;
};

} // namespace cms::bench
