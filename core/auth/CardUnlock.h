#pragma once

#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"

#include <string>

namespace cms::core::auth {

// Unlocking a locked session: the card in the reader must be the one that signed in (the same
// card UUID in its PIV Authentication certificate) and accept its PIN. Another person's card,
// even with its right PIN, does not unlock someone else's session.
class CardUnlock
{
public:
    [[nodiscard]] static Result<void> verify(const config::AppConfig& config,
                                             const std::string& tokenLabel,
                                             const std::string& signedInCardUuid,
                                             const SecureBuffer& pin);
};

} // namespace cms::core::auth
