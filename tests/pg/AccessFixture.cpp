#include "tests/pg/AccessFixture.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

namespace cms::tests {

namespace {

int teamId(const core::remote::PgConnection& admin, const std::string& name)
{
    return std::stoi(must(admin,
                          "WITH made AS (INSERT INTO cms.teams (name) VALUES ($1) ON CONFLICT (name) DO NOTHING "
                          "RETURNING id) SELECT id FROM made UNION ALL SELECT id FROM cms.teams WHERE name = $1",
                          {name})
                         .text(0, 0));
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
    portTeam = teamId(admin, "Port of Baltimore (test)");
    hqTeam = teamId(admin, "Headquarters (test)");
    for (const auto& person : DevEnvironment::get().people()) {
        if (person.isBadCard()) {
            continue;
        }
        const bool atPort = person.role == "officer" || person.role == "investigator" || person.role == "manager"
                            || person.role == "contractor";
        must(admin,
             "INSERT INTO cms.staff (login_role, display_name, job_role, team_id, card_uuid, subject_dn, issuer_dn, "
             "certificate_serial, nda_signed_on) VALUES ($1, $2, $3, $4, $5, $6, 'CN=CMS Test PIV Issuing CA', 'test', "
             "CASE WHEN $3 = 'contractor' THEN DATE '2026-01-05' END) "
             "ON CONFLICT (login_role) DO UPDATE SET display_name = EXCLUDED.display_name, job_role = "
             "EXCLUDED.job_role, "
             "team_id = EXCLUDED.team_id, card_uuid = EXCLUDED.card_uuid, subject_dn = EXCLUDED.subject_dn, "
             "nda_signed_on = EXCLUDED.nda_signed_on, active = true",
             {person.login,
              person.commonName,
              person.role,
              std::to_string(atPort ? portTeam : hqTeam),
              person.cardUuid,
              person.subjectDn});
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
