#pragma once

#include <string>

namespace cms::core::auth {

// A token (card) present in a reader, as the PKCS#11 module reports it.
struct TokenInfo
{
    unsigned long slotId = 0;
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string serialNumber;
    bool pinCountLow = false;
    bool pinFinalTry = false;
    bool pinLocked = false;
};

} // namespace cms::core::auth
