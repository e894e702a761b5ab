#include "core/audit/DeviceBatch.h"

#include <openssl/sha.h>

namespace cms::core::audit {

std::vector<std::uint8_t>
DeviceBatch::digest(const std::string& device, long long lastPosition, const std::string& lastHash)
{
    const std::string statement = "cms-device-batch:v1:" + device + ':' + std::to_string(lastPosition) + ':' + lastHash;
    std::vector<std::uint8_t> digest(SHA256_DIGEST_LENGTH);
    SHA256(reinterpret_cast<const unsigned char*>(statement.data()), statement.size(), digest.data());
    return digest;
}

} // namespace cms::core::audit
