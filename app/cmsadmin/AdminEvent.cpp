#include "app/cmsadmin/AdminEvent.h"

#include "app/cmsadmin/Command.h"

#include <boost/json.hpp>
#include <iostream>

namespace cms::app {

void recordAdminEvent(const core::remote::PgConnection& connection,
                      const std::string& eventType,
                      int exitCode,
                      boost::json::object details)
{
    const char* outcome = exitCode == kExitOk ? "success" : exitCode == kExitRefused ? "refused" : "failure";
    details["exit_code"] = exitCode;
    auto recorded = connection.exec("SELECT cms_audit.record_event($1, 'cmsadmin', NULL, $2, $3::jsonb)",
                                    {eventType, std::string(outcome), boost::json::serialize(details)});
    if (!recorded) {
        std::cerr << "cmsadmin: the command could not be recorded in the audit trail: " << recorded.error().message
                  << '\n';
    }
}

} // namespace cms::app
