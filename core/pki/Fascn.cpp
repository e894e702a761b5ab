#include "core/pki/Fascn.h"

namespace cms::core::pki {

namespace {

constexpr int kStart = 0xB;     // SS
constexpr int kSeparator = 0xD; // FS
constexpr int kEnd = 0xF;       // ES

// The 40 characters; -1 for one whose parity is wrong.
std::vector<int> characters(const std::vector<std::uint8_t>& bytes)
{
    std::vector<int> out;
    for (std::size_t start = 0; start + 5 <= bytes.size() * 8; start += 5) {
        int value = 0;
        int ones = 0;
        for (std::size_t bit = 0; bit < 5; ++bit) {
            const std::size_t index = start + bit;
            const int set = (bytes[index / 8] >> (7 - index % 8)) & 1;
            ones += set;
            if (bit < 4) {
                value |= set << bit;
            }
        }
        out.push_back(ones % 2 == 1 ? value : -1);
    }
    return out;
}

} // namespace

Result<Fascn> Fascn::decode(const std::vector<std::uint8_t>& bytes)
{
    const auto damaged = [] {
        return fail(ErrorCode::CertificateRefused, "The card's FASC-N cannot be read.");
    };
    if (bytes.size() != 25) {
        return damaged();
    }
    const auto chars = characters(bytes);
    std::size_t at = 0;
    const auto expect = [&](int sentinel) {
        return at < chars.size() && chars[at++] == sentinel;
    };
    const auto digits = [&](std::size_t count, std::string& into) {
        for (std::size_t i = 0; i < count; ++i) {
            if (at >= chars.size() || chars[at] < 0 || chars[at] > 9) {
                return false;
            }
            into += static_cast<char>('0' + chars[at++]);
        }
        return true;
    };
    Fascn fascn;
    const bool read =
        expect(kStart) && digits(4, fascn.agencyCode) && expect(kSeparator) && digits(4, fascn.systemCode)
        && expect(kSeparator) && digits(6, fascn.credentialNumber) && expect(kSeparator)
        && digits(1, fascn.credentialSeries) && expect(kSeparator) && digits(1, fascn.individualCredentialIssue)
        && expect(kSeparator) && digits(10, fascn.personIdentifier) && digits(1, fascn.organizationalCategory)
        && digits(4, fascn.organizationalIdentifier) && digits(1, fascn.personOrganizationAssociation) && expect(kEnd);
    if (!read) {
        return damaged();
    }
    return fascn;
}

std::string Fascn::describe() const
{
    return "agency " + agencyCode + ", system " + systemCode + ", credential " + credentialNumber + " (series "
           + credentialSeries + ", issue " + individualCredentialIssue + "), person " + personIdentifier
           + ", organization " + organizationalCategory + "/" + organizationalIdentifier + ", association "
           + personOrganizationAssociation;
}

} // namespace cms::core::pki
