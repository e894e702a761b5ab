#include "tests/pg/AccessFixture.h"

#include "tests/support/Connections.h"

#include <stdexcept>

namespace cms::tests {

namespace {

// The dev people are registered by `packaging/dev/up` (cmsadmin person add).
int teamOf(const core::remote::PgConnection& admin, const std::string& login)
{
    const auto team = must(admin, "SELECT team_id FROM cms.staff WHERE login_role = $1 AND active", {login});
    if (team.rows() != 1 || team.isNull(0, 0)) {
        throw std::runtime_error(login + " is not registered with a team: run packaging/dev/up");
    }
    return std::stoi(team.text(0, 0));
}

std::string newCase(const core::remote::PgConnection& admin, const std::string& title, int team, bool restricted)
{
    return must(admin,
                "INSERT INTO cms.cases (title, case_type, team_id, restricted) VALUES ($1, 'establishment_inspection', "
                "$2, $3) RETURNING id",
                {title, std::to_string(team), restricted ? "true" : "false"})
        .text(0, 0);
}

} // namespace

AccessFixture::AccessFixture()
{
    const auto admin = adminConnection();
    portTeam = teamOf(admin, "oortega");
    hqTeam = teamOf(admin, "aalvarez");
    if (portTeam == hqTeam) {
        throw std::runtime_error("the officer and the analyst should be in different teams");
    }
    openCase = newCase(admin, "Toy recall follow-up", portTeam, false);
    portRestricted = newCase(admin, "Restricted inspection at the port", portTeam, true);
    hqRestricted = newCase(admin, "Restricted headquarters review", hqTeam, true);
    sharedWithContractor = newCase(admin, "Import surveillance sample", portTeam, false);
    must(admin, "INSERT INTO cms.case_shares (case_id, login_role) VALUES ($1, 'cchen')", {sharedWithContractor});
}

std::string sqlStateOf(const core::remote::PgConnection& connection, const std::string& sql)
{
    must(connection, "BEGIN");
    const auto result = connection.exec(sql);
    must(connection, "ROLLBACK");
    if (result) {
        return "";
    }
    const auto& detail = result.error().detail;
    return detail.starts_with("SQLSTATE ") ? detail.substr(9, 5) : "?????";
}

} // namespace cms::tests
