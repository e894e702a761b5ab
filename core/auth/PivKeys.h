#pragma once

#include <cstdint>

namespace cms::core::auth {

// The PIV Authentication key and certificate (slot 9A; CKA_ID 01 in PKCS#11, OpenSC and SoftHSM
// alike): the card's identity at sign-in, in the TLS handshake and on the batches of events a
// laptop sends.
inline constexpr std::uint8_t kPivAuthenticationId = 0x01;

} // namespace cms::core::auth
