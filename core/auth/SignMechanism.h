#pragma once

namespace cms::core::auth {

// How the card signs. The host does hashing and padding; cards (and SoftHSM) differ in what
// combined mechanisms they offer, but all PIV middleware has these.
enum class SignMechanism
{
    RsaRaw,   // CKM_RSA_X_509: the input is already padded (PSS done by OpenSSL)
    RsaPkcs1, // CKM_RSA_PKCS: the input is a DigestInfo, the card adds PKCS#1 v1.5 padding
    Ecdsa,    // CKM_ECDSA: the input is the hash; the result is r || s
};

} // namespace cms::core::auth
