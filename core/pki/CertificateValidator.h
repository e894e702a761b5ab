#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"
#include "core/pki/CertificateInfo.h"
#include "core/pki/CertificateVerdict.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::pki {

// What a validation checks beyond the path. Sign-in uses PivAuthentication; PathOnly is RFC 5280
// path validation alone, for certificates that are not PIV Authentication ones (`cmsadmin pki
// check --path-only`, NIST's test data).
enum class ValidationProfile
{
    PivAuthentication,
    PathOnly,
};

// Trust material given file by file (DER or PEM), as `cmsadmin pki check` takes it.
struct TrustMaterialFiles
{
    std::vector<std::filesystem::path> trustAnchors;
    std::vector<std::filesystem::path> intermediates;
    std::vector<std::filesystem::path> crls;
    int crlGraceHours = 72;
};

// Validates PIV Authentication certificates (RFC 5280 path validation with OpenSSL): a chain to
// the configured trust anchors through the configured intermediates, validity dates, key usage
// and EKU, revocation from the locally cached CRLs (never downloaded here), and a card UUID to
// map. The trust material is loaded once; validate() may run on any thread. Sign-in
// (CardConnector) and `cmsadmin pki check` both use it: one implementation, one set of words.
class CertificateValidator
{
public:
    // The configuration's material: trust anchors required; intermediates optional; a missing
    // CRL cache is no error (every validation then says revocation cannot be checked).
    [[nodiscard]] static Result<CertificateValidator> load(const config::PkiSettings& settings);
    // Material named file by file: every file must be readable and hold what it should.
    [[nodiscard]] static Result<CertificateValidator> load(const TrustMaterialFiles& files);

    CertificateValidator(CertificateValidator&&) noexcept;
    CertificateValidator& operator=(CertificateValidator&&) noexcept;
    ~CertificateValidator();

    [[nodiscard]] CertificateVerdict validate(const std::vector<std::uint8_t>& der,
                                              std::chrono::system_clock::time_point at,
                                              ValidationProfile profile = ValidationProfile::PivAuthentication) const;
    // When the first of the cached CRLs is due for renewal (nothing when none is cached): the
    // background refresh and the "out of date" report start from it.
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> earliestCrlNextUpdate() const;

private:
    struct Material;
    explicit CertificateValidator(std::unique_ptr<Material> material);

    std::unique_ptr<Material> m_material;
};

} // namespace cms::core::pki
