#include "core/model/CaseId.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>

using cms::core::model::CaseId;

TEST_CASE("A case id round-trips through its displayed and compact forms", "[core][model]")
{
    const auto id = CaseId::fromRandom(0x3FFFFFFFFFFFFULL);
    CHECK(id.compact().size() == 11);
    CHECK(id.display().size() == 13);
    const auto parsed = CaseId::parse(id.display());
    REQUIRE(parsed);
    CHECK(*parsed == id);
    CHECK(CaseId::parse(id.compact()).value() == id);
}

TEST_CASE("A case id is read as people type it", "[core][model]")
{
    const auto id = CaseId::fromRandom(0x0123456789ULL);
    std::string typed = id.display();
    for (char& c : typed) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    CHECK(CaseId::parse(typed).value() == id);
    CHECK(CaseId::parse(" " + id.compact().substr(0, 3) + " " + id.compact().substr(3)).value() == id);
    // Crockford: O reads as 0, I and L as 1.
    const auto zeros = CaseId::fromRandom(0);
    CHECK(zeros.compact() == "00000000000");
    CHECK(CaseId::parse("OOOOO-OOOOO-0").value() == zeros);
    const auto ones = CaseId::fromRandom(0x210842108421ULL); // every symbol 1
    CHECK(ones.compact().substr(0, 10) == "1111111111");
    CHECK(CaseId::parse("IiLl1-11111-" + ones.compact().substr(10)).value() == ones);
}

TEST_CASE("Every single wrong symbol and every neighbour swap is reported as mistyped", "[core][model]")
{
    std::mt19937_64 random(20261122);
    constexpr std::string_view kSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    int mistyped = 0;
    for (int sample = 0; sample < 200; ++sample) {
        const std::string compact = CaseId::fromRandom(random()).compact();
        for (std::size_t i = 0; i < 10; ++i) {
            for (const char other : kSymbols) {
                if (other == compact[i]) {
                    continue;
                }
                std::string typo = compact;
                typo[i] = other;
                const auto parsed = CaseId::parse(typo);
                REQUIRE_FALSE(parsed);
                CHECK_THAT(parsed.error().message, Catch::Contains("mistyped"));
                ++mistyped;
            }
            if (i + 1 < 10 && compact[i] != compact[i + 1]) {
                std::string swapped = compact;
                std::swap(swapped[i], swapped[i + 1]);
                REQUIRE_FALSE(CaseId::parse(swapped));
                ++mistyped;
            }
        }
    }
    CHECK(mistyped > 200 * 10 * 31);
}

TEST_CASE("Text that is no case id at all is told apart from a typo", "[core][model]")
{
    for (const char* text :
         {"", "12345", "7K3QM-2ZD9R", "7K3QM-2ZD9R-44", "7K3QM-2ZD9R-#", "UUUUU-UUUUU-0", "CASE 12"}) {
        INFO(text);
        const auto parsed = CaseId::parse(text);
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error().message, Catch::Contains("is not a case id"));
    }
}

TEST_CASE("Random case ids spread over the whole space", "[core][model]")
{
    std::mt19937_64 random(7);
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        seen.insert(CaseId::fromRandom(random()).compact());
    }
    CHECK(seen.size() == 10000);
}
