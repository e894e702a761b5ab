#include "core/remote/PgArray.h"

namespace cms::core::remote {

std::string pgTextArray(const std::vector<std::string>& values)
{
    std::string array = "{";
    for (const auto& value : values) {
        array += array.size() > 1 ? ",\"" : "\"";
        for (const char c : value) {
            if (c == '"' || c == '\\') {
                array += '\\';
            }
            array += c;
        }
        array += '"';
    }
    return array + "}";
}

} // namespace cms::core::remote
