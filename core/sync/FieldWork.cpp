#include "core/sync/FieldWork.h"

#include "core/auth/CardSignature.h"
#include "core/auth/PivKeys.h"
#include "core/auth/TokenSession.h"
#include "core/cache/WrappedCacheKey.h"
#include "core/common/StateFolder.h"
#include "core/remote/PgArray.h"
#include "core/remote/PgConnection.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/OfflineCopyUpload.h"
#include "core/sync/OfflineEdits.h"
#include "core/sync/PiiCheckout.h"

namespace cms::core::sync {

std::filesystem::path FieldWork::cacheFolder(const std::string& loginRole)
{
    return userStateFolder() / "offline" / loginRole;
}

Result<cache::OfflineCache> FieldWork::unlock(const config::AppConfig& config,
                                              const std::string& tokenLabel,
                                              const SecureBuffer& pin,
                                              const std::filesystem::path& folder)
{
    auto session = auth::TokenSession::signIn(config.pkcs11.modulePath, tokenLabel, pin);
    if (!session) {
        return std::unexpected(session.error());
    }
    return cache::OfflineCache::open(folder, *session);
}

Result<BatchSigner>
FieldWork::cardSigner(const config::AppConfig& config, const std::string& tokenLabel, const SecureBuffer& pin)
{
    auto session = auth::TokenSession::signIn(config.pkcs11.modulePath, tokenLabel, pin);
    if (!session) {
        return std::unexpected(session.error());
    }
    auto certificate = session->certificateDer(auth::kPivAuthenticationId);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    auto card = std::make_shared<auth::TokenSession>(std::move(*session));
    return [card, certificate = std::move(*certificate)](const std::vector<std::uint8_t>& digest) {
        return auth::CardSignature::sign(*card, auth::kPivAuthenticationId, certificate, digest);
    };
}

bool FieldWork::madeWithAnotherCard(const Error& error)
{
    return error.code == ErrorCode::TokenFailure && error.message.find("belongs to another card") != std::string::npos;
}

Result<std::vector<std::string>> FieldWork::otherCards(const config::AppConfig& config, const std::string& currentLabel)
{
    auto module = auth::Pkcs11Module::load(config.pkcs11.modulePath);
    if (!module) {
        return std::unexpected(module.error());
    }
    auto tokens = (*module)->tokens();
    if (!tokens) {
        return std::unexpected(tokens.error());
    }
    std::vector<std::string> labels;
    for (const auto& token : *tokens) {
        if (token.label != currentLabel) {
            labels.push_back(token.label);
        }
    }
    return labels;
}

Result<cache::OfflineCache> FieldWork::moveToNewCard(const config::AppConfig& config,
                                                     const std::string& previousLabel,
                                                     const SecureBuffer& previousPin,
                                                     const std::string& newLabel,
                                                     const SecureBuffer& newPin,
                                                     const std::filesystem::path& folder)
{
    auto reissued = auth::TokenSession::signIn(config.pkcs11.modulePath, newLabel, newPin);
    if (!reissued) {
        return std::unexpected(reissued.error());
    }
    auto certificate = reissued->certificateDer(cache::WrappedCacheKey::kKeyManagementId);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    {
        auto previous = auth::TokenSession::signIn(config.pkcs11.modulePath, previousLabel, previousPin);
        if (!previous) {
            return std::unexpected(previous.error());
        }
        if (auto moved = cache::OfflineCache::moveToCard(folder, *previous, *certificate); !moved) {
            return std::unexpected(moved.error());
        }
    }
    return cache::OfflineCache::open(folder, *reissued);
}

Result<PullReport> FieldWork::takeAssignedCases(const cache::CacheDatabase& cache, const remote::PgConnection& server)
{
    auto cases = ChangePuller(cache, server).assignedOpenCases();
    if (!cases) {
        return std::unexpected(cases.error());
    }
    return takeCases(cache, server, *cases, false);
}

Result<PullReport> FieldWork::takeChosenCases(const cache::CacheDatabase& cache,
                                              const remote::PgConnection& server,
                                              const std::vector<std::string>& caseIds)
{
    if (caseIds.empty()) {
        return fail(ErrorCode::InvalidArgument, "Choose the cases to take for field work.");
    }
    return takeCases(cache, server, caseIds, true);
}

Result<ReturnReport> FieldWork::returnCases(const cache::CacheDatabase& cache,
                                            const remote::PgConnection& server,
                                            const std::vector<std::string>& caseIds)
{
    if (caseIds.empty()) {
        return fail(ErrorCode::InvalidArgument, "Choose the cases to give back from field work.");
    }
    // Recorded before the cache commits: a record that fails gives nothing back.
    return ChangePuller(cache, server).giveBack(caseIds, [&server](const ReturnReport& given) -> Result<void> {
        auto recorded =
            server.exec("SELECT cms_audit.record_event('sync.return', 'cms.cases', NULL, 'success', "
                        "jsonb_build_object('cases', $1::text[], 'kept_for_edits', $2::text[], 'not_taken', $3::int))",
                        {remote::pgTextArray(given.returned),
                         remote::pgTextArray(given.keptForEdits),
                         std::to_string(given.notTaken.size())});
        if (!recorded) {
            return std::unexpected(recorded.error());
        }
        return {};
    });
}

Result<PullReport> FieldWork::takeCases(const cache::CacheDatabase& cache,
                                        const remote::PgConnection& server,
                                        const std::vector<std::string>& caseIds,
                                        bool chosen)
{
    auto taken = ChangePuller(cache, server).checkOut(caseIds);
    if (!taken) {
        return taken;
    }
    if (auto remembered = CacheOwner::remember(cache, server); !remembered) {
        return std::unexpected(remembered.error());
    }
    auto pii = PiiCheckout(cache, server).refresh();
    if (!pii) {
        return std::unexpected(pii.error());
    }
    auto recorded =
        server.exec("SELECT cms_audit.record_event('sync.check_out', 'cms.cases', NULL, 'success', "
                    "jsonb_build_object('cases_asked', $1::int, 'rows_stored', $2::int, 'chosen', $3::boolean, "
                    "'cases_not_taken', $4::int, 'pii_people_taken', $5::int))",
                    {std::to_string(caseIds.size()),
                     std::to_string(taken->rowsStored),
                     chosen ? "true" : "false",
                     std::to_string(taken->casesNotTaken.size()),
                     std::to_string(pii->peopleTaken)});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return taken;
}

Result<SyncReport> FieldWork::sync(const cache::CacheDatabase& cache,
                                   const remote::PgConnection& server,
                                   const BatchSigner& signer,
                                   const OutboxPusher::Progress& progress)
{
    auto audit = DeviceAuditUpload::upload(cache, server, signer);
    if (!audit) {
        return std::unexpected(audit.error());
    }
    auto copies = OfflineCopyUpload::upload(cache, server);
    if (!copies) {
        return std::unexpected(copies.error());
    }
    auto pushed = OutboxPusher(cache, server).push(progress);
    if (!pushed) {
        return std::unexpected(pushed.error());
    }
    SyncReport report{*pushed, {}, *audit, *copies, {}};
    if (!pushed->cancelled) {
        auto pulled = ChangePuller(cache, server).pull();
        if (!pulled) {
            return std::unexpected(pulled.error());
        }
        report.pulled = *pulled;
        // Who signs in offline next: their role or team may have changed since the check-out.
        if (auto remembered = CacheOwner::remember(cache, server); !remembered) {
            return std::unexpected(remembered.error());
        }
        auto pii = PiiCheckout(cache, server).refresh();
        if (!pii) {
            return std::unexpected(pii.error());
        }
        report.pii = *pii;
    }
    // Counts and the conflicting row's table only: what was synced is in the rows' own events.
    auto recorded = server.exec(
        "SELECT cms_audit.record_event('sync.run', 'cms.cases', NULL, 'success', jsonb_build_object("
        "'applied', $1::int, 'applied_before', $2::int, 'merged', $3::int, 'cancelled', $4::boolean, "
        "'conflict_in', $5::text, 'rows_stored', $6::int, 'rows_removed', $7::int, 'cases_left', $8::int, "
        "'offline_events', $9::int, 'offline_events_refused', $10::boolean, 'offline_copies', $11::int, "
        "'pii_people_taken', $12::int, 'pii_people_removed', $13::int, 'offline_events_unsigned', $14::int))",
        {std::to_string(pushed->applied),
         std::to_string(pushed->appliedBefore),
         std::to_string(pushed->merged),
         pushed->cancelled ? "true" : "false",
         pushed->conflict ? std::optional<std::string>(pushed->conflict->table) : std::nullopt,
         std::to_string(report.pulled.rowsStored),
         std::to_string(report.pulled.rowsRemoved),
         std::to_string(report.pulled.casesLeft.size()),
         std::to_string(audit->ingested),
         audit->refusal.empty() ? "false" : "true",
         std::to_string(*copies),
         std::to_string(report.pii.peopleTaken),
         std::to_string(report.pii.peopleRemoved),
         std::to_string(audit->waitingForSignature)});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return report;
}

Result<FieldWorkStatus> FieldWork::status(const cache::CacheDatabase& cache)
{
    auto cases = cache.queryValue("SELECT count(*) FROM checked_out");
    auto pending = OfflineEdits(cache).pendingCount();
    auto last = cache.queryValue("SELECT value FROM cache_meta WHERE name = 'last_sync_at'");
    if (!cases || !pending || !last) {
        return std::unexpected(!cases ? cases.error() : !pending ? pending.error() : last.error());
    }
    return FieldWorkStatus{std::stoi(cases->value_or("0")), *pending, last->value_or("")};
}

} // namespace cms::core::sync
