#include "app/cmsadmin/DeviceReview.h"

#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/Command.h"

#include <iostream>

namespace cms::app {

int listQuarantine(const core::remote::PgConnection& connection)
{
    auto batches = connection.exec(
        "SELECT q.id, q.device, q.person, to_char(q.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "jsonb_array_length(q.events), q.reason, EXISTS (SELECT 1 FROM cms_audit.device_rebaselines r WHERE "
        "r.quarantine_id = q.id), h.last_position, (SELECT max((e.value->>'position')::bigint) FROM "
        "jsonb_array_elements(q.events) e WHERE e.value->>'position' ~ '^[0-9]{1,18}$') FROM "
        "cms_audit.device_quarantine q LEFT JOIN cms_audit.device_heads h ON h.device = q.device ORDER BY q.id");
    if (!batches) {
        return reportRefusal("audit quarantine", batches.error());
    }
    if (batches->rows() == 0) {
        std::cout << "no device batch is set aside\n";
        return kExitOk;
    }
    for (int row = 0; row < batches->rows(); ++row) {
        std::cout << "batch " << batches->text(row, 0) << ": device " << batches->text(row, 1) << " of "
                  << batches->text(row, 2) << ", received " << batches->text(row, 3) << ", " << batches->text(row, 4)
                  << " events" << (batches->text(row, 6) == "t" ? " (reviewed, device re-baselined)" : "") << "\n  "
                  << batches->text(row, 5) << "\n  the server last received position " << batches->text(row, 7)
                  << "; this batch reaches position " << batches->optionalText(row, 8).value_or("(none)") << '\n';
    }
    return kExitOk;
}

int rebaselineDevice(const core::remote::PgConnection& connection, const boost::program_options::variables_map& vm)
{
    if (vm.count("quarantined") == 0 || vm.count("reason") == 0) {
        std::cerr
            << "cmsadmin audit rebaseline: give --quarantined ID (from cmsadmin audit quarantine) and --reason TEXT\n";
        return kExitUsage;
    }
    auto done = connection.exec("SELECT device, skipped_from, skipped_to, refusal FROM "
                                "cms_audit.rebaseline_device($1::bigint, $2)",
                                {std::to_string(vm["quarantined"].as<long long>()), vm["reason"].as<std::string>()});
    if (!done) {
        return reportRefusal("audit rebaseline", done.error());
    }
    if (!done->optionalText(0, 3).value_or("").empty()) {
        std::cerr << "cmsadmin audit rebaseline: " << done->text(0, 3) << '\n';
        return kExitRefused;
    }
    std::cout << "device " << done->text(0, 0) << " goes on from position " << done->text(0, 2) << "; positions "
              << done->text(0, 1) << " to " << done->text(0, 2) << " stay set aside, outside the central chain\n";
    return kExitOk;
}

} // namespace cms::app
