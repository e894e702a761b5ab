#pragma once

#include "core/auth/TokenInfo.h"

#include <vector>

namespace cms::core::auth {

// What changed in the readers between two looks. A card is the same card when its label and
// serial number are (a reader may give it another slot when it comes back).
struct CardChanges
{
    std::vector<TokenInfo> inserted;
    std::vector<TokenInfo> removed;

    [[nodiscard]] bool empty() const
    {
        return inserted.empty() && removed.empty();
    }
};

class CardPresence
{
public:
    [[nodiscard]] static bool sameCard(const TokenInfo& a, const TokenInfo& b);
    [[nodiscard]] static bool contains(const std::vector<TokenInfo>& cards, const TokenInfo& card);
    [[nodiscard]] static CardChanges compare(const std::vector<TokenInfo>& before, const std::vector<TokenInfo>& now);
};

} // namespace cms::core::auth
