#include "core/auth/CardPresence.h"

#include <algorithm>

namespace cms::core::auth {

bool CardPresence::sameCard(const TokenInfo& a, const TokenInfo& b)
{
    return a.label == b.label && a.serialNumber == b.serialNumber;
}

bool CardPresence::contains(const std::vector<TokenInfo>& cards, const TokenInfo& card)
{
    return std::ranges::any_of(cards, [&](const TokenInfo& present) { return sameCard(present, card); });
}

CardChanges CardPresence::compare(const std::vector<TokenInfo>& before, const std::vector<TokenInfo>& now)
{
    CardChanges changes;
    for (const auto& card : now) {
        if (!contains(before, card)) {
            changes.inserted.push_back(card);
        }
    }
    for (const auto& card : before) {
        if (!contains(now, card)) {
            changes.removed.push_back(card);
        }
    }
    return changes;
}

} // namespace cms::core::auth
