#include "tests/pg/SyncLaptop.h"

#include "core/auth/CardSignature.h"
#include "core/sync/ChangePuller.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>
#include <random>

namespace cms::tests {

std::string newPortCase(int productCount)
{
    const auto admin = adminConnection();
    const auto caseId = newOfficerTeamCase(admin, "Space heater tips over");
    must(admin,
         "INSERT INTO cms.products (case_id, name, model) SELECT $1, 'Heater ' || g, 'H-' || g "
         "FROM generate_series(1, $2::int) g",
         {caseId, std::to_string(productCount)});
    return caseId;
}

std::string addPurchaser(const std::string& caseId, const std::string& fullName)
{
    const auto admin = adminConnection();
    const auto person =
        must(admin,
             "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', 'individual') RETURNING id",
             {caseId})
            .text(0, 0);
    must(admin,
         "INSERT INTO cms.people_pii (person_id, case_id, full_name, phone) VALUES ($1, $2, $3, '(410) 555-0199')",
         {person, caseId, fullName});
    return person;
}

std::string uuidArray(const std::vector<std::string>& ids)
{
    std::string array = "{";
    for (const auto& id : ids) {
        array += (array.size() > 1 ? "," : "") + id;
    }
    return array + "}";
}

SyncLaptop::SyncLaptop(int productCount)
    : SyncLaptop("oortega", newPortCase(productCount))
{}

SyncLaptop::SyncLaptop(const std::string& login, std::string checkedOut)
    : folder(std::filesystem::temp_directory_path() / ("cms-sync-test-" + std::to_string(std::random_device{}())))
    , officer(connectAs(login))
    , card(SignedInCard::of(login))
    , caseId(std::move(checkedOut))
{
    reopen();
    REQUIRE(core::sync::ChangePuller(cache->database(), officer.connection).checkOut({caseId}));
    const auto rows =
        must(officer.connection, "SELECT id::text FROM cms.products WHERE case_id = $1 ORDER BY id", {caseId});
    for (int row = 0; row < rows.rows(); ++row) {
        products.push_back(rows.text(row, 0));
    }
}

SyncLaptop::~SyncLaptop()
{
    cache.reset();
    std::filesystem::remove_all(folder);
}

void SyncLaptop::reopen()
{
    cache.reset();
    auto opened = core::cache::OfflineCache::open(folder, *card.session);
    INFO((opened ? std::string() : opened.error().message + " / " + opened.error().detail));
    REQUIRE(opened);
    cache.emplace(std::move(*opened));
}

core::sync::BatchSigner SyncLaptop::signer() const
{
    return [this](const std::vector<std::uint8_t>& digest) {
        return core::auth::CardSignature::sign(
            *card.session, SignedInCard::kPivAuthentication, card.certificate, digest);
    };
}

core::sync::OfflineEdits SyncLaptop::edits() const
{
    return core::sync::OfflineEdits(cache->database());
}

core::sync::OutboxPusher SyncLaptop::pusher(core::sync::OutboxPusher::FaultHook fault) const
{
    return core::sync::OutboxPusher(cache->database(), officer.connection, std::move(fault));
}

std::string SyncLaptop::serverValue(const std::string& column, const std::string& product) const
{
    return must(adminConnection(), "SELECT " + column + "::text FROM cms.products WHERE id = $1::bigint", {product})
        .text(0, 0);
}

std::string SyncLaptop::cachedVersion(const std::string& product) const
{
    return cache->database()
        .queryValue("SELECT version FROM cached_rows WHERE table_name = 'products' AND row_id = ?1", {product})
        .value()
        .value_or("none");
}

} // namespace cms::tests
