#include "core/auth/CardPresence.h"

#include <catch2/catch.hpp>

using cms::core::auth::CardPresence;
using cms::core::auth::TokenInfo;

namespace {

TokenInfo card(const std::string& label, const std::string& serial, unsigned long slot)
{
    TokenInfo token;
    token.label = label;
    token.serialNumber = serial;
    token.slotId = slot;
    return token;
}

} // namespace

TEST_CASE("Cards inserted and removed between two looks at the readers", "[unit]")
{
    const auto olivia = card("oortega", "1001", 0);
    const auto ivan = card("iibarra", "1002", 1);

    SECTION("nothing changed")
    {
        CHECK(CardPresence::compare({olivia, ivan}, {ivan, olivia}).empty());
    }
    SECTION("one removed, one inserted")
    {
        const auto changes = CardPresence::compare({olivia}, {ivan});
        REQUIRE(changes.inserted.size() == 1);
        CHECK(changes.inserted.front().label == "iibarra");
        REQUIRE(changes.removed.size() == 1);
        CHECK(changes.removed.front().label == "oortega");
    }
    SECTION("the same card back in another reader is the same card")
    {
        CHECK(CardPresence::compare({olivia}, {card("oortega", "1001", 7)}).empty());
    }
    SECTION("another card with the same label is another card")
    {
        const auto changes = CardPresence::compare({olivia}, {card("oortega", "9999", 0)});
        CHECK(changes.inserted.size() == 1);
        CHECK(changes.removed.size() == 1);
    }
}
