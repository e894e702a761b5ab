#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <array>
#include <string>
#include <vector>

namespace cms::core::cases {

// A firm's roles in a case (cms.firm_role), in the enum's order.
inline constexpr std::array kFirmRoles{
    "manufacturer", "importer", "distributor", "retailer", "online_seller", "third_party_platform"};

struct CaseFirm
{
    std::string firmId;
    std::string name;
    std::string role;
    std::string city;
    std::string country;
};

// A firm to link to a case in `role`: one on record (`firmId`), or a new one (`firmId` empty:
// `name`, `city`, `country`).
struct FirmLink
{
    std::string firmId;
    std::string name;
    std::string city;
    std::string country;
    std::string role;
};

struct FirmMatch
{
    std::string id;
    std::string name;
    std::string city;
};

// The firms of a case and their role in it (manufacturer, importer...). Firms are shared between
// cases: adding one either names an existing firm or records a new one.
class CaseFirms
{
public:
    explicit CaseFirms(const remote::PgConnection& connection);

    [[nodiscard]] Result<std::vector<CaseFirm>> load(const std::string& caseId) const;
    [[nodiscard]] Result<std::vector<FirmMatch>> find(const std::string& namePart) const;
    // `firmId` empty: a new firm named `name` (city and country given) is recorded first.
    [[nodiscard]] Result<void> add(const std::string& caseId,
                                   const std::string& firmId,
                                   const std::string& name,
                                   const std::string& city,
                                   const std::string& country,
                                   const std::string& role) const;
    [[nodiscard]] Result<void> remove(const std::string& caseId, const CaseFirm& firm) const;

private:
    const remote::PgConnection& m_connection;
};

} // namespace cms::core::cases
