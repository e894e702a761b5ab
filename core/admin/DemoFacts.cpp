#include "core/admin/DemoFacts.h"

#include "core/admin/DemoVocabulary.h"
#include "core/model/Upc.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace cms::core::admin::demo {

using V = DemoVocabulary;

std::string dateText(int day)
{
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
    char text[16];
    std::snprintf(text,
                  sizeof text,
                  "%04d-%02u-%02u",
                  static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

std::string timeText(int day, int minuteOfDay)
{
    char text[32];
    std::snprintf(text, sizeof text, "%s %02d:%02d:00+00", dateText(day).c_str(), minuteOfDay / 60, minuteOfDay % 60);
    return text;
}

std::string digits(DemoRandom& random, int count)
{
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += static_cast<char>('0' + random.below(10));
    }
    return out;
}

std::string lower(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

std::string phone(DemoRandom& random)
{
    return "(" + std::to_string(random.between(201, 989)) + ") 555-01" + digits(random, 2);
}

std::string upc(DemoRandom& random)
{
    std::string code = digits(random, 11);
    code += model::Upc::checkDigit(code);
    return code;
}

std::uint32_t seedTag(std::uint64_t seed)
{
    return static_cast<std::uint32_t>(DemoRandom(seed, kSampleStream).next() & 0xFFFFFU);
}

std::string orderedUuid(DemoRandom& random, std::uint64_t order)
{
    const std::uint64_t high = ((order & 0xFFFFFFFFFFFFULL) << 16U) | 0x7000U | (random.next() & 0x0FFFU);
    const std::uint64_t low = (random.next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    char text[40];
    std::snprintf(text,
                  sizeof text,
                  "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32U),
                  static_cast<unsigned long long>((high >> 16U) & 0xFFFFU),
                  static_cast<unsigned long long>(high & 0xFFFFU),
                  static_cast<unsigned long long>(low >> 48U),
                  static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
    return text;
}

City city(DemoRandom& random)
{
    const std::string_view line = random.pick(V::cities());
    const auto first = line.find('|');
    const auto second = line.find('|', first + 1);
    return {std::string(line.substr(0, first)),
            std::string(line.substr(first + 1, second - first - 1)),
            std::string(line.substr(second + 1))};
}

std::string familyName(DemoRandom& random)
{
    if (random.chance(0.25)) {
        return std::string(random.pick(V::familyNames()));
    }
    return std::string(random.pick(V::familyNameStems())) + std::string(random.pick(V::familyNameEndings()));
}

std::string firmName(std::uint64_t seed, std::uint32_t firm)
{
    DemoRandom random(seed, kFirmStream, firm);
    return std::string(random.pick(V::firmWords())) + " " + familyName(random) + " "
           + std::string(random.pick(V::firmSuffixes()));
}

ProductFacts productFacts(DemoRandom& random)
{
    const std::string_view line = random.pick(V::products());
    const auto bar = line.find('|');
    return {std::string(line.substr(0, bar)), std::string(line.substr(bar + 1)), std::string(random.pick(V::brands()))};
}

std::optional<std::string_view> text(const std::optional<std::string>& value)
{
    return value ? std::optional<std::string_view>(*value) : std::nullopt;
}

const char* flag(bool value)
{
    return value ? "t" : "f";
}

std::optional<std::string> teamText(const PlannedCase& planned)
{
    return planned.teamId ? std::optional<std::string>(std::to_string(*planned.teamId)) : std::nullopt;
}

int firmRoleOf(const PlannedCase& planned, int which)
{
    static constexpr std::array kOtherFirstRoles{0, 2, 3, 4};
    const int first = planned.type == 0   ? 1
                      : planned.type == 2 ? 0
                                          : kOtherFirstRoles[planned.firms[0] % kOtherFirstRoles.size()];
    return which == 0 ? first : (first + 1 + static_cast<int>(planned.firms[1] % 5U)) % 6;
}

CorrectiveFacts correctiveFacts(std::uint64_t seed, std::size_t caseIndex, const PlannedCase& planned)
{
    static constexpr std::array kActions{
        "recall", "repair", "replace", "refund", "stop_sale", "relabel", "destroy", "export"};
    DemoRandom random(seed, kCorrectiveStream, caseIndex);
    CorrectiveFacts facts;
    facts.action = kActions[random.below(kActions.size())];
    facts.requestedDay = planned.openedDay + random.between(5, 40);
    if (planned.closedDay >= 0) {
        facts.completedDay = std::max(planned.closedDay, facts.requestedDay);
    }
    return facts;
}

} // namespace cms::core::admin::demo
