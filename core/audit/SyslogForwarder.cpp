#include "core/audit/SyslogForwarder.h"

namespace cms::core::audit {

SyslogForwarder::SyslogForwarder(const remote::PgConnection& database,
                                 SyslogSettings settings,
                                 RetryBackoff::Sleep sleep,
                                 RetryBackoff::Say say)
    : m_queue(database, settings.destination)
    , m_settings(std::move(settings))
    , m_say(say ? std::move(say) : RetryBackoff::Say([](const std::string&) {}))
    , m_backoff(m_settings.backoffFirst, m_settings.backoffMax, std::move(sleep), m_say)
{}

Result<std::string> SyslogForwarder::framesOf(const std::vector<OutboundEvent>& batch, ForwardReport& report) const
{
    std::string frames;
    for (const auto& event : batch) {
        const auto message = SyslogMessage::format(event, m_settings.appName, m_settings.structuredDataId);
        if (message.size() > m_settings.maxMessageBytes) {
            const std::string why = "the syslog message is " + std::to_string(message.size())
                                    + " octets, longer than the receiver takes ("
                                    + std::to_string(m_settings.maxMessageBytes) + ")";
            auto kept = m_queue.quarantine(event.id, why);
            if (!kept) {
                return std::unexpected(kept.error());
            }
            ++report.quarantined;
            m_say("event " + event.id + " quarantined: " + why);
            continue;
        }
        frames += SyslogMessage::framed(message);
    }
    return frames;
}

Result<void> SyslogForwarder::deliver(const std::string& frames) const
{
    auto channel = net::TlsChannel::open(m_settings.receiver);
    if (!channel) {
        return std::unexpected(channel.error());
    }
    auto written = (*channel)->writeAll(frames);
    if (!written) {
        return written;
    }
    return (*channel)->closeConfirmed();
}

Result<ForwardReport> SyslogForwarder::forwardAvailable(const KeepGoing& keepGoing) const
{
    using Outcome = ForwardQueue::BatchOutcome;
    return m_queue.drain(m_settings.batchSize,
                         keepGoing,
                         [&](const std::vector<OutboundEvent>& batch, ForwardReport& report) -> Result<Outcome> {
                             const auto quarantinedBefore = report.quarantined;
                             const auto frames = framesOf(batch, report);
                             if (!frames) {
                                 return std::unexpected(frames.error());
                             }
                             for (int attempt = 0; !frames->empty(); ++attempt) {
                                 const auto delivered = deliver(*frames);
                                 if (delivered) {
                                     break;
                                 }
                                 if (delivered.error().code == ErrorCode::CertificateRefused
                                     || delivered.error().code == ErrorCode::Config) {
                                     return std::unexpected(delivered.error());
                                 }
                                 if (keepGoing && !keepGoing()) {
                                     return Outcome{Outcome::Kind::Stopped, 0};
                                 }
                                 ++report.retries;
                                 m_backoff.wait(attempt,
                                                delivered.error().message + " " + delivered.error().detail
                                                    + ": the batch after position "
                                                    + std::to_string(report.lastPosition) + " goes again");
                             }
                             // Quarantined events are passed with the rest: the cursor moves over the whole batch.
                             return Outcome{Outcome::Kind::Delivered,
                                            static_cast<long long>(batch.size())
                                                - (report.quarantined - quarantinedBefore)};
                         });
}

} // namespace cms::core::audit
