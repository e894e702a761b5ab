#pragma once

namespace cms::core::audit {

// What one forwarding run did, whatever the destination (Splunk's HEC, syslog).
struct ForwardReport
{
    long long forwarded = 0;   // events the destination confirmed in this run
    long long quarantined = 0; // refused (invalid data, too long): kept aside in cms_audit.forward_quarantine
    int retries = 0;           // sends and polls that failed and were tried again
    long long lastPosition = 0;
};

} // namespace cms::core::audit
