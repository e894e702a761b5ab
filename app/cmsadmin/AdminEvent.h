#pragma once

#include "core/remote/PgConnection.h"

#include <boost/json/object.hpp>
#include <string>

namespace cms::app {

// Records what an administrative command did as an audit event (`admin.*`; issue: audit
// trail; PIA Q22): outcome from the command's exit code (0 success, 1 refused, else failure),
// actor and time stamped by the server. Details name logins, roles and counts, never PII. A
// database without the audit schema yet (before its first migration) records nothing, and the
// operator is told on stderr.
void recordAdminEvent(const core::remote::PgConnection& connection,
                      const std::string& eventType,
                      int exitCode,
                      boost::json::object details = {});

} // namespace cms::app
