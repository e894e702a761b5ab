#include "core/model/PiiMask.h"

#include <catch2/catch.hpp>

using cms::core::model::PiiMask;

// The server's cms.mask_* functions give the same for these (pg: "Masks computed for bulk loads
// are the server's").
TEST_CASE("PiiMask hides all but a hint of each value", "[unit][pii]")
{
    CHECK(PiiMask::name("Jane Doe") == "J*** D**");
    CHECK(PiiMask::name("  Jane \t  van  Doe ") == "J*** v** D**");
    CHECK(PiiMask::name("Zoë Ångström") == "Z** Å*******");
    CHECK(PiiMask::name("") == "");
    CHECK(PiiMask::name(std::nullopt) == std::nullopt);

    CHECK(PiiMask::phone("(410) 555-1234") == "***-***-1234");
    CHECK(PiiMask::phone("+1 410 555 0142 ext 7") == "***-***-1427");
    CHECK(PiiMask::phone("12") == "***-***-12");

    CHECK(PiiMask::email("jane.doe@example.gov") == "j***@e***.gov");
    CHECK(PiiMask::email("j@mail.agency.example.org") == "j***@m***.org");
    CHECK(PiiMask::email("no-at-sign") == "n***@***.");
    CHECK(PiiMask::email(std::nullopt) == std::nullopt);

    CHECK(PiiMask::text("12 Elm St") == "***");
    CHECK(PiiMask::text(std::nullopt) == std::nullopt);
}
