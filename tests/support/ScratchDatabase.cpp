#include "tests/support/ScratchDatabase.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <fstream>

namespace cms::tests {

ScratchDatabase::ScratchDatabase(std::string name)
    : m_name(std::move(name))
{
    const auto admin = adminConnection();
    must(admin, "DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    must(admin, "CREATE DATABASE " + m_name);
}

std::filesystem::path ScratchDatabase::producedEventTypesLog()
{
    return DevEnvironment::get().devDir() / "scratch-event-types.log";
}

ScratchDatabase::~ScratchDatabase()
{
    try {
        // The audit event types this database's tests produced, kept before it goes: the check
        // that every catalogued type is produced by the suite counts them (EventCoverageTest).
        const auto scratch = adminConnection(m_name);
        const auto types = scratch.exec("SELECT DISTINCT event_type, extract(epoch FROM now())::bigint FROM "
                                        "cms_audit.events");
        if (types) { // no trail in a database that was never migrated
            std::ofstream log(producedEventTypesLog(), std::ios::app);
            for (int row = 0; row < types->rows(); ++row) {
                log << types->text(row, 1) << ' ' << types->text(row, 0) << '\n';
            }
        }
    } catch (...) {
        // Nothing kept: the check names the type as not produced.
    }
    try {
        must(adminConnection(), "DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    } catch (...) {
        // Left for the next run's constructor to drop.
    }
}

std::string ScratchDatabase::conninfo() const
{
    return DevEnvironment::get().config().admin.conninfo + " dbname=" + m_name;
}

} // namespace cms::tests
