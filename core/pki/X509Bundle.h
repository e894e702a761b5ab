#pragma once

#include "core/common/Result.h"

#include <filesystem>
#include <memory>
#include <openssl/x509.h>
#include <string_view>
#include <vector>

namespace cms::core::pki {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using X509CrlPtr = std::unique_ptr<X509_CRL, decltype(&X509_CRL_free)>;

// Files of certificates and revocation lists as the configuration names them.
class X509Bundle
{
public:
    // Every certificate in the file: one DER certificate, or any number in PEM; `what` names the
    // file in the error ("trust anchors").
    [[nodiscard]] static Result<std::vector<X509Ptr>> readCertificates(const std::filesystem::path& path,
                                                                       const char* what);
    // Every CRL in the file (DER or PEM); an error names the file that cannot be read or parsed.
    [[nodiscard]] static Result<std::vector<X509CrlPtr>> readCrlFile(const std::filesystem::path& path);
    // The CRLs of a cache file; none when there is no file or it cannot be parsed (validation
    // then says revocation cannot be checked).
    [[nodiscard]] static std::vector<X509CrlPtr> readCrls(const std::filesystem::path& path);
    // CRLs as a distribution point serves them: one DER CRL, or one or more PEM CRLs.
    [[nodiscard]] static Result<std::vector<X509CrlPtr>> parseCrls(std::string_view bytes);
    // PEM text of the CRLs, in order.
    [[nodiscard]] static Result<std::string> toPem(const std::vector<X509CrlPtr>& crls);
};

} // namespace cms::core::pki
