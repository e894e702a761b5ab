#include "core/common/Sha256.h"

#include "core/common/Hex.h"

#include <array>
#include <openssl/evp.h>

namespace cms {

std::string sha256Hex(std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return toHex(digest.data(), length);
}

} // namespace cms
