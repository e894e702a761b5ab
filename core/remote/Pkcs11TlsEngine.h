#pragma once

#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"

#include <filesystem>

namespace cms::core::remote {

// OpenSSL's "pkcs11" engine (libp11), configured in this process so that libpq's
// `sslkey=pkcs11:<URI>` signs the TLS handshake with the card's key: the key never leaves the
// card and the PIN never appears in a connection string, an error message or the environment.
// OpenSSL keeps engines per process, so this class is a thin guard around that global state.
class Pkcs11TlsEngine
{
public:
    // Loads and initialises the engine for `module` the first time; sets the PIN for the next
    // key load. A second module path in the same process is refused (libp11 binds one).
    [[nodiscard]] static Result<void> prepare(const std::filesystem::path& module, const SecureBuffer& pin);
    // Wipes the PIN held by the engine once the handshake no longer needs it.
    static void forgetPin();
};

} // namespace cms::core::remote
