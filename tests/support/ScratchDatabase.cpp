#include "tests/support/ScratchDatabase.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

namespace cms::tests {

ScratchDatabase::ScratchDatabase(std::string name)
    : m_name(std::move(name))
{
    const auto admin = adminConnection();
    must(admin, "DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    must(admin, "CREATE DATABASE " + m_name);
}

ScratchDatabase::~ScratchDatabase()
{
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
