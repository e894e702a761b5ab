#pragma once

#include "core/admin/DemoCasePlan.h"
#include "core/admin/DemoRandom.h"
#include "core/cases/CaseFirms.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The small facts demo rows are made of (dates, names, phone numbers, UPCs, ...), shared by the
// tables that must agree on them: a case's title and its product, a corrective action and its
// letter. Each is drawn from the random stream named here, so any table can recompute it.
namespace cms::core::admin::demo {

enum Stream : std::uint64_t
{
    kFirmStream = 10,
    kProductStream,
    kSampleStream,
    kPersonStream,
    kActivityStream,
    kDeterminationStream,
    kCorrectiveStream,
    kFirmDetailStream,
};

inline constexpr int kFirstSampleDay = 19631; // 2023-10-01, PIA Q11
inline constexpr const char* kUnassignedAuthor = "cmsadmin";
using cases::kFirmRoles;

struct City
{
    std::string name;
    std::string region;
    std::string zipPrefix;
};

struct ProductFacts
{
    std::string name;
    std::string hazard;
    std::string brand;
};

struct CorrectiveFacts
{
    std::string_view action;
    int requestedDay = 0;
    int completedDay = -1;
};

// Dates as PostgreSQL reads them; days count from 1970-01-01.
[[nodiscard]] std::string dateText(int day);
[[nodiscard]] std::string timeText(int day, int minuteOfDay);
[[nodiscard]] std::string digits(DemoRandom& random, int count);
// Letters only, lower case: for e-mail local parts.
[[nodiscard]] std::string lower(std::string_view text);
// Fictional numbers: 555-01XX is reserved for fiction in North America.
[[nodiscard]] std::string phone(DemoRandom& random);
// UPC-A: eleven digits and the check digit the server verifies (cms.upc_is_valid).
[[nodiscard]] std::string upc(DemoRandom& random);
// 20 bits that tell one seed's rows from another's (sample numbers, person ids).
[[nodiscard]] std::uint32_t seedTag(std::uint64_t seed);
// A version 7 layout UUID whose leading 48 bits are `order` and the rest random: ids that grow
// in the order rows are written, so a bulk load appends to the primary key's index instead of
// inserting all over it (as UUIDv7 does with time).
[[nodiscard]] std::string orderedUuid(DemoRandom& random, std::uint64_t order);
[[nodiscard]] City city(DemoRandom& random);
// One of about two thousand family names: a listed one, or a stem and an ending.
[[nodiscard]] std::string familyName(DemoRandom& random);
[[nodiscard]] std::string firmName(std::uint64_t seed, std::uint32_t firm);
[[nodiscard]] ProductFacts productFacts(DemoRandom& random);
[[nodiscard]] CorrectiveFacts correctiveFacts(std::uint64_t seed, std::size_t caseIndex, const PlannedCase& planned);
// An import sample's first firm is the importer, a 15(b) report's the manufacturer; any other
// case's one of manufacturer, distributor, retailer and online seller. A second firm always has
// another role, so (case, firm, role) stays unique.
[[nodiscard]] int firmRoleOf(const PlannedCase& planned, int which);

// COPY values.
[[nodiscard]] std::optional<std::string_view> text(const std::optional<std::string>& value);
[[nodiscard]] const char* flag(bool value);
[[nodiscard]] std::optional<std::string> teamText(const PlannedCase& planned);

} // namespace cms::core::admin::demo
