#pragma once

#include <string>
#include <string_view>

namespace cms::core::model {

// UPC-A product codes: eleven digits and a check digit (the server checks the same,
// cms.upc_is_valid).
class Upc
{
public:
    [[nodiscard]] static char checkDigit(std::string_view elevenDigits);
    [[nodiscard]] static bool isValid(std::string_view code);
};

} // namespace cms::core::model
