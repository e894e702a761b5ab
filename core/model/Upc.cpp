#include "core/model/Upc.h"

#include <algorithm>

namespace cms::core::model {

char Upc::checkDigit(std::string_view elevenDigits)
{
    int sum = 0;
    for (std::size_t i = 0; i < 11 && i < elevenDigits.size(); ++i) {
        sum += (elevenDigits[i] - '0') * (i % 2 == 0 ? 3 : 1);
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool Upc::isValid(std::string_view code)
{
    return code.size() == 12 && std::ranges::all_of(code, [](char c) { return c >= '0' && c <= '9'; })
           && checkDigit(code.substr(0, 11)) == code[11];
}

} // namespace cms::core::model
