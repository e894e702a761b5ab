#pragma once

#include "core/remote/PgConnection.h"

#include <string>

namespace cms::tests {

// A few cases in the teams of the dev people (registered by packaging/dev/up), made by the
// operator's connection, so that access tests can check what each card lets its holder see and do.
// The cases are new for each fixture (random ids), so tests never depend on each other.
struct AccessFixture
{
    AccessFixture();

    int portTeam = 0;           // officer, investigator, manager, contractor
    int hqTeam = 0;             // analyst and the others
    std::string openCase;       // unrestricted, Port team
    std::string portRestricted; // restricted, Port team
    std::string hqRestricted;   // restricted, HQ team
    std::string sharedWithContractor;
};

// The SQLSTATE of a refused statement, from the detail our PgConnection gives ("" if it ran).
[[nodiscard]] std::string sqlStateOf(const core::remote::PgConnection& connection, const std::string& sql);

} // namespace cms::tests
