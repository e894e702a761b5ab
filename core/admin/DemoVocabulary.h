#pragma once

#include <span>
#include <string_view>

namespace cms::core::admin {

// Word lists for synthetic demo data (`cmsadmin demo seed`): invented people, firms and products
// that read like the office's real work. No entry names a real person or firm.
struct DemoVocabulary
{
    static std::span<const std::string_view> givenNames();
    static std::span<const std::string_view> familyNames();
    // Stems and endings composed into further family names (Thorn + wood), so that a name search
    // over millions of demo people meets about as many namesakes as in life.
    static std::span<const std::string_view> familyNameStems();
    static std::span<const std::string_view> familyNameEndings();
    static std::span<const std::string_view> jobTitles();
    static std::span<const std::string_view> streets();
    // "City|ST|ZIP prefix"
    static std::span<const std::string_view> cities();
    static std::span<const std::string_view> firmWords();
    static std::span<const std::string_view> firmSuffixes();
    static std::span<const std::string_view> foreignCountries();
    // "product name|hazard" pairs
    static std::span<const std::string_view> products();
    static std::span<const std::string_view> brands();
    static std::span<const std::string_view> styles();
    static std::span<const std::string_view> portsOfEntry();
    static std::span<const std::string_view> testResults();
    static std::span<const std::string_view> closureReasons();
    static std::span<const std::string_view> citations();
    static std::span<const std::string_view> noteSummaries();
};

} // namespace cms::core::admin
