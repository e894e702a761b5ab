#include "core/model/Upc.h"

#include <catch2/catch.hpp>

using cms::core::model::Upc;

TEST_CASE("UPC-A codes: the check digit is verified", "[unit]")
{
    CHECK(Upc::isValid("036000291452"));
    CHECK(Upc::checkDigit("03600029145") == '2');
    CHECK_FALSE(Upc::isValid("036000291453"));
    CHECK_FALSE(Upc::isValid("03600029145"));
    CHECK_FALSE(Upc::isValid("03600029145A"));
}
