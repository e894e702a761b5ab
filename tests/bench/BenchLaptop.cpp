#include "tests/bench/BenchLaptop.h"

#include "core/auth/CardSignature.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/support/Connections.h"

#include <stdexcept>

namespace cms::bench {

BenchLaptop::BenchLaptop(std::optional<core::remote::CardConnection> connection)
    : officer(connection ? std::move(*connection) : BenchDatabase::connectAs("oortega"))
{
    std::filesystem::remove_all(folder);
    auto opened = core::cache::OfflineCache::open(folder, *card.session);
    if (!opened) {
        throw std::runtime_error("opening the cache: " + opened.error().message);
    }
    cache.emplace(std::move(*opened));
}

BenchLaptop::~BenchLaptop()
{
    cache.reset();
    std::filesystem::remove_all(folder);
}

std::vector<std::string> BenchLaptop::fieldCases() const
{
    const auto rows = tests::must(officer.connection,
                                  "SELECT id FROM cms.cases WHERE team_id = (SELECT team_id FROM cms.staff WHERE "
                                  "login_role = session_user) AND status <> 'closed' ORDER BY opened_on DESC "
                                  "LIMIT 2000");
    std::vector<std::string> ids;
    for (int row = 0; row < rows.rows(); ++row) {
        ids.push_back(rows.text(row, 0));
    }
    return ids;
}

core::sync::BatchSigner BenchLaptop::signer() const
{
    return [this](const std::vector<std::uint8_t>& digest) {
        return core::auth::CardSignature::sign(
            *card.session, tests::SignedInCard::kPivAuthentication, card.certificate, digest);
    };
}

} // namespace cms::bench
