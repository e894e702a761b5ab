#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace cms::tests {

// Issues CRLs with a certificate authority's own key (the dev PKI's, or the foreign CA's), for
// tests of what the client does with lists newer, older or forged.
struct TestCrl
{
    std::filesystem::path caCertificate;
    std::filesystem::path caKey;

    // PEM of a CRL numbered `number`, issued at `issued`, due a week later, revoking nothing.
    [[nodiscard]] std::string issue(long number, std::chrono::system_clock::time_point issued) const;
    // The CRL number of the first CRL in a PEM file (-1 if none).
    [[nodiscard]] static long numberOf(const std::filesystem::path& pemFile);
};

} // namespace cms::tests
