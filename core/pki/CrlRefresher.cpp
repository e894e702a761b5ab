#include "core/pki/CrlRefresher.h"

#include "core/common/AtomicFile.h"
#include "core/net/HttpGet.h"
#include "core/pki/X509Bundle.h"

#include <algorithm>
#include <openssl/asn1.h>
#include <openssl/x509v3.h>

namespace cms::core::pki {

namespace {

using State = CrlSourceOutcome::State;

constexpr auto kFetchTimeout = std::chrono::seconds(15);
constexpr std::size_t kMaxCrlBytes = 32 * 1024 * 1024;
constexpr auto kClockSkew = std::chrono::minutes(5);

using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, decltype(&ASN1_INTEGER_free)>;

bool sameIssuer(const X509_CRL* a, const X509_CRL* b)
{
    return X509_NAME_cmp(X509_CRL_get_issuer(a), X509_CRL_get_issuer(b)) == 0;
}

// The configured authority that signed the list, if any.
bool signedByAuthority(X509_CRL* crl, const std::vector<X509Ptr>& authorities)
{
    return std::ranges::any_of(authorities, [&](const X509Ptr& authority) {
        return X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(authority.get())) == 0
               && X509_CRL_verify(crl, X509_get0_pubkey(authority.get())) == 1;
    });
}

Asn1IntegerPtr crlNumber(X509_CRL* crl)
{
    return {static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr)),
            &ASN1_INTEGER_free};
}

// >0: `candidate` is newer than `held`; 0: the same issue; <0: older. The CRL number decides
// when both carry one, the issue date otherwise.
int compareIssues(X509_CRL* candidate, X509_CRL* held)
{
    const auto candidateNumber = crlNumber(candidate);
    const auto heldNumber = crlNumber(held);
    if (candidateNumber && heldNumber) {
        return ASN1_INTEGER_cmp(candidateNumber.get(), heldNumber.get());
    }
    return ASN1_TIME_compare(X509_CRL_get0_lastUpdate(candidate), X509_CRL_get0_lastUpdate(held));
}

bool datedInFuture(const X509_CRL* crl, std::chrono::system_clock::time_point now)
{
    const std::time_t limit = std::chrono::system_clock::to_time_t(now + kClockSkew);
    return X509_cmp_time(X509_CRL_get0_lastUpdate(crl), const_cast<std::time_t*>(&limit)) > 0;
}

} // namespace

bool CrlRefreshReport::anyFailed() const
{
    return std::ranges::any_of(sources, [](const CrlSourceOutcome& source) {
        return source.state == State::Refused || source.state == State::Unreachable;
    });
}

CrlRefresher::CrlRefresher(config::PkiSettings settings)
    : m_settings(std::move(settings))
{}

const char* CrlRefresher::toString(State state)
{
    switch (state) {
    case State::Updated:
        return "updated";
    case State::Unchanged:
        return "unchanged";
    case State::Refused:
        return "refused";
    case State::Unreachable:
        return "unreachable";
    }
    return "unknown";
}

Result<CrlRefreshReport> CrlRefresher::refresh(std::chrono::system_clock::time_point now) const
{
    if (m_settings.crlCache.empty()) {
        return fail(ErrorCode::Config, "The configuration names no CRL cache ([pki] crl_cache) to refresh.");
    }
    if (m_settings.trustAnchors.empty()) {
        return fail(ErrorCode::Config, "The configuration names no trust anchors ([pki] trust_anchors).");
    }
    auto authorities = X509Bundle::readCertificates(m_settings.trustAnchors, "trust anchors");
    if (!authorities) {
        return std::unexpected(authorities.error());
    }
    if (!m_settings.intermediates.empty()) {
        auto intermediates = X509Bundle::readCertificates(m_settings.intermediates, "intermediate certificates");
        if (!intermediates) {
            return std::unexpected(intermediates.error());
        }
        std::ranges::move(*intermediates, std::back_inserter(*authorities));
    }

    auto held = X509Bundle::readCrls(m_settings.crlCache);
    CrlRefreshReport report;
    bool changed = false;
    for (const auto& url : m_settings.crlUrls) {
        CrlSourceOutcome outcome{url, State::Unchanged, "the same list as this computer's"};
        auto body = net::HttpGet::fetch(url, kFetchTimeout, kMaxCrlBytes);
        if (!body) {
            report.sources.push_back({url, State::Unreachable, body.error().message});
            continue;
        }
        auto received = X509Bundle::parseCrls(*body);
        if (!received) {
            report.sources.push_back({url, State::Refused, received.error().message});
            continue;
        }
        // All of a source's lists or none of them.
        const auto holding = [&](X509_CRL* crl) {
            return std::ranges::find_if(held, [&](const X509CrlPtr& mine) { return sameIssuer(mine.get(), crl); });
        };
        for (const auto& crl : *received) {
            if (!signedByAuthority(crl.get(), *authorities)) {
                outcome = {url, State::Refused, "a list not signed by a certificate authority this computer trusts"};
            } else if (datedInFuture(crl.get(), now)) {
                outcome = {url, State::Refused, "a list dated in the future (check this computer's clock)"};
            } else if (const auto current = holding(crl.get());
                       current != held.end() && compareIssues(crl.get(), current->get()) < 0) {
                outcome = {url, State::Refused, "an older list than this computer's (not used)"};
            }
            if (outcome.state == State::Refused) {
                break;
            }
        }
        if (outcome.state != State::Refused) {
            for (auto& crl : *received) {
                const auto current = holding(crl.get());
                if (current == held.end()) {
                    held.push_back(std::move(crl));
                } else if (compareIssues(crl.get(), current->get()) > 0) {
                    *current = std::move(crl);
                } else {
                    continue;
                }
                changed = true;
                outcome = {url, State::Updated, "a newer list replaced this computer's"};
            }
        }
        report.sources.push_back(std::move(outcome));
    }
    if (changed) {
        auto pem = X509Bundle::toPem(held);
        if (!pem) {
            return std::unexpected(pem.error());
        }
        if (auto replaced = AtomicFile::replace(m_settings.crlCache, *pem); !replaced) {
            return std::unexpected(replaced.error());
        }
        report.cacheReplaced = true;
    }
    return report;
}

} // namespace cms::core::pki
