#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"
#include "core/pki/CertificateInfo.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::pki {

// Why a certificate is or is not trusted for signing in. Each refusal has its own cause, named to
// the user in words (CertificateVerdict::message) and kept as a code for audit and tests.
enum class CertificateCause
{
    Valid,
    Expired,
    NotYetValid,
    Revoked,
    UntrustedIssuer,   // no path to a configured trust anchor (a foreign CA, a broken signature)
    WrongUsage,        // key usage without digitalSignature, or an EKU without client authentication
    NoCardUuid,        // nothing to map the card to a person
    RevocationUnknown, // no CRL for the issuer in the local cache
    RevocationStale,   // the cached CRL is past its nextUpdate plus the grace
    Damaged,
};

struct CertificateVerdict
{
    CertificateCause cause = CertificateCause::Damaged;
    std::string message; // for the user: what is wrong and what to do
    std::string detail;  // for logs: OpenSSL's reason; never a secret
    // The CRL used is past its nextUpdate but within the grace: valid, and worth saying so.
    bool revocationListOverdue = false;

    [[nodiscard]] bool trusted() const
    {
        return cause == CertificateCause::Valid;
    }
};

[[nodiscard]] const char* toString(CertificateCause cause);

// Validates PIV Authentication certificates (RFC 5280 path validation with OpenSSL): a chain to
// the configured trust anchors through the configured intermediates, validity dates, key usage
// and EKU, revocation from the locally cached CRLs (never downloaded here), and a card UUID to
// map. The trust material is loaded once; validate() may run on any thread.
class CertificateValidator
{
public:
    [[nodiscard]] static Result<CertificateValidator> load(const config::PkiSettings& settings);

    CertificateValidator(CertificateValidator&&) noexcept;
    CertificateValidator& operator=(CertificateValidator&&) noexcept;
    ~CertificateValidator();

    [[nodiscard]] CertificateVerdict validate(const std::vector<std::uint8_t>& der,
                                              std::chrono::system_clock::time_point at) const;
    // When the first of the cached CRLs is due for renewal (nothing when none is cached): the
    // background refresh and the "out of date" report start from it.
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> earliestCrlNextUpdate() const;

private:
    struct Material;
    explicit CertificateValidator(std::unique_ptr<Material> material);

    std::unique_ptr<Material> m_material;
};

} // namespace cms::core::pki
