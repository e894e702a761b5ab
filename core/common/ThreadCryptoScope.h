#pragma once

namespace cms {

// Frees OpenSSL's state of the calling thread (its random generators, its error queue) when the
// scope ends. OpenSSL frees that state itself only when the thread exits, and a pool thread that
// is joined at the end of the process can still be on its way out when the process's leak check
// runs: the state, no longer reachable, is then reported as leaked (now and then, by timing).
// Work that runs on a pool thread and uses OpenSSL drops it as its last step instead; the next
// OpenSSL call on that thread makes it again.
class ThreadCryptoScope
{
public:
    ThreadCryptoScope() = default;
    ~ThreadCryptoScope();
    ThreadCryptoScope(const ThreadCryptoScope&) = delete;
    ThreadCryptoScope& operator=(const ThreadCryptoScope&) = delete;
};

} // namespace cms
