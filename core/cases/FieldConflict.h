#pragma once

#include <string>

namespace cms::core::cases {

// A field both people changed: what it was when this person opened it, what they made it, and
// what the other person saved meanwhile.
struct FieldConflict
{
    std::string field;
    std::string base;
    std::string mine;
    std::string theirs;
};

} // namespace cms::core::cases
