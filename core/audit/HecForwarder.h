#pragma once

#include "core/audit/ForwardQueue.h"
#include "core/audit/ForwardReport.h"
#include "core/audit/RetryBackoff.h"
#include "core/common/Result.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace cms::core::net {
class HttpsClient;
}

namespace cms::core::audit {

// Where and how the audit trail goes to Splunk's HTTP Event Collector.
struct HecSettings
{
    std::string host;
    std::string port = "8088";
    std::string token;            // HEC token (from a file only the service reads)
    std::filesystem::path caFile; // verifies the indexer's certificate
    std::string destination = "splunk";
    std::string source = "cms";
    std::string sourcetype = "cms:audit";
    int batchSize = 1000;
    std::chrono::milliseconds timeout{10'000};
    std::chrono::milliseconds ackPollInterval{200};
    std::chrono::milliseconds ackWait{60'000}; // no acknowledgment by then: the batch goes again
    std::chrono::milliseconds backoffFirst{500};
    std::chrono::milliseconds backoffMax{60'000};
};

// Ships the audit trail to Splunk's HTTP Event Collector (issue: audit trail, delivery): events
// past the destination's cursor, in chain order, in batches of JSON events (time, host, source,
// sourcetype, event) gzipped, with the token, a channel id and indexer acknowledgment: the cursor
// moves only once the indexer has acknowledged the batch, so delivery is at least once and a
// duplicate carries the same event id. A busy indexer (503), a dropped connection, a missing
// acknowledgment are retried with exponential backoff and jitter, without limit; an event the
// indexer calls invalid data is quarantined and reported, and the rest goes on; a refused token
// stops the run (retrying cannot mend it). A run keeps one connection to the indexer for all its
// requests (net::HttpsClient).
class HecForwarder
{
public:
    using Sleep = RetryBackoff::Sleep;
    using Say = RetryBackoff::Say;
    using KeepGoing = ForwardQueue::KeepGoing;

    HecForwarder(const remote::PgConnection& database, HecSettings settings, Sleep sleep = {}, Say say = {});

    // Until every event committed so far is acknowledged, or `keepGoing` says stop.
    [[nodiscard]] Result<ForwardReport> forwardAvailable(const KeepGoing& keepGoing = {}) const;

private:
    enum class Sent;

    [[nodiscard]] Result<Sent> send(net::HttpsClient& indexer,
                                    const std::vector<OutboundEvent>& batch,
                                    const std::string& channel,
                                    ForwardReport& report) const;
    [[nodiscard]] std::string hecEvent(const OutboundEvent& event) const;

    ForwardQueue m_queue;
    HecSettings m_settings;
    Sleep m_sleep;
    Say m_say;
    RetryBackoff m_backoff;
};

} // namespace cms::core::audit
