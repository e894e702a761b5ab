#pragma once

// A person's laptop for the sync tests (issue: offline field work): a real SQLCipher cache in a
// folder of its own, opened with their SoftHSM card, with a case checked out, and their card
// connection to the dev server.
#include "core/cache/OfflineCache.h"
#include "core/remote/CardConnector.h"
#include "core/sync/DeviceAuditUpload.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/OutboxPusher.h"
#include "tests/support/SignedInCard.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cms::tests {

// A case of the Port team (the officer's and the investigator's) with products, made by the
// operator.
[[nodiscard]] std::string newPortCase(int productCount);

// A purchaser with a name and a phone number on record, added to `caseId` by the operator; their id.
std::string addPurchaser(const std::string& caseId, const std::string& fullName);

// A PostgreSQL uuid[] literal.
[[nodiscard]] std::string uuidArray(const std::vector<std::string>& ids);

struct SyncLaptop
{
    std::filesystem::path folder;
    // The connection first: its sign-in ends with a logout, which PKCS#11 applies to every
    // session of the process on that card, so the cache's card session signs in after it.
    core::remote::CardConnection officer;
    SignedInCard card;
    std::optional<core::cache::OfflineCache> cache;
    std::string caseId;
    std::vector<std::string> products;

    // The officer's laptop with a new case of `productCount` products.
    explicit SyncLaptop(int productCount);
    SyncLaptop(const std::string& login, std::string checkedOut);
    ~SyncLaptop();
    SyncLaptop(const SyncLaptop&) = delete;
    SyncLaptop& operator=(const SyncLaptop&) = delete;

    // As after a crash: the cache is closed (an open transaction rolls back) and opened again.
    void reopen();
    [[nodiscard]] core::sync::OfflineEdits edits() const;
    // Signs the laptop's audit batches with the person's card.
    [[nodiscard]] core::sync::BatchSigner signer() const;
    [[nodiscard]] core::sync::OutboxPusher pusher(core::sync::OutboxPusher::FaultHook fault = {}) const;
    [[nodiscard]] std::string serverValue(const std::string& column, const std::string& product) const;
    [[nodiscard]] std::string cachedVersion(const std::string& product) const;
};

} // namespace cms::tests
