#pragma once

#include "core/common/Result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cms::core::pki {

// The FASC-N of a PIV card (the subjectAltName otherName 2.16.840.1.101.3.6.6): 25 bytes of
// 5-bit characters (four bits of value, least significant first, and an odd parity bit), framed
// by start, field-separator and end sentinels (TIG SCEPACS). Shown to people, never used to map
// a card to a person: the card UUID does that.
struct Fascn
{
    std::string agencyCode;                    // 4 digits
    std::string systemCode;                    // 4 digits
    std::string credentialNumber;              // 6 digits
    std::string credentialSeries;              // 1 digit
    std::string individualCredentialIssue;     // 1 digit
    std::string personIdentifier;              // 10 digits
    std::string organizationalCategory;        // 1 digit
    std::string organizationalIdentifier;      // 4 digits
    std::string personOrganizationAssociation; // 1 digit

    [[nodiscard]] static Result<Fascn> decode(const std::vector<std::uint8_t>& bytes);
    // "agency 0032, system 0001, credential 092446 (series 0, issue 1), person 1112223333, ..."
    [[nodiscard]] std::string describe() const;
};

} // namespace cms::core::pki
