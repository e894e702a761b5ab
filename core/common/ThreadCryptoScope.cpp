#include "core/common/ThreadCryptoScope.h"

#include <openssl/crypto.h>

namespace cms {

ThreadCryptoScope::~ThreadCryptoScope()
{
    OPENSSL_thread_stop();
}

} // namespace cms
