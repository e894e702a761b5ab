#include "core/sync/FieldMerge.h"

#include <catch2/catch.hpp>

using cms::core::sync::FieldMerge;

TEST_CASE("An offline edit merges where the server left its fields alone, and names the others", "[unit][sync]")
{
    const std::string row = R"({"id": 7, "model": "H-1", "brand": "Warmly", "style": null, "count": 3})";
    // Untouched at the server, or already holding this edit's value: nothing to choose.
    CHECK(FieldMerge::conflicts(R"({"model": "H-2"})", R"({"model": "H-1"})", row).empty());
    CHECK(FieldMerge::conflicts(R"({"brand": "Warmly"})", R"({"brand": "Cosy"})", row).empty());
    CHECK(FieldMerge::conflicts(R"({"style": "tower"})", R"({"style": null})", row).empty());
    CHECK(FieldMerge::conflicts(R"({"count": "4"})", R"({"count": 3})", row).empty());

    // Changed there too, to something else: base, mine and theirs, NULL as nothing.
    const auto both =
        FieldMerge::conflicts(R"({"model": "H-3", "brand": null})", R"({"model": "H-0", "brand": "Cosy"})", row);
    REQUIRE(both.size() == 2);
    CHECK(both[0].field == "model");
    CHECK(both[0].base == "H-0");
    CHECK(both[0].mine == "H-3");
    CHECK(both[0].theirs == "H-1");
    CHECK(both[1].field == "brand");
    CHECK(both[1].base == "Cosy");
    CHECK(both[1].mine == std::nullopt);
    CHECK(both[1].theirs == "Warmly");
}
