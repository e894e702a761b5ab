#include "core/remote/SignedInPerson.h"

namespace cms::core::remote {

Result<SignedInPerson> SignedInPerson::load(const PgConnection& connection)
{
    auto row = connection.exec(
        "SELECT session_user, s.display_name, s.job_role, coalesce(t.name, ''), "
        "pg_has_role(session_user, 'cms_pii_holder', 'MEMBER'), coalesce(m.privacy_training_on::text, ''), "
        "m.training_current, m.rules_due "
        "FROM cms.staff s LEFT JOIN cms.teams t ON t.id = s.team_id CROSS JOIN cms.my_standing() m "
        "WHERE s.login_role = session_user AND s.active");
    if (!row) {
        return std::unexpected(row.error());
    }
    if (row->rows() != 1) {
        return fail(ErrorCode::ConnectionRefused,
                    "The server accepted this card but has no active person for it. Ask your access administrator.");
    }
    return SignedInPerson{row->text(0, 0),
                          row->text(0, 1),
                          row->text(0, 2),
                          row->text(0, 3),
                          row->text(0, 4) == "t",
                          row->text(0, 5),
                          row->text(0, 6) == "t",
                          row->text(0, 7) == "t"};
}

} // namespace cms::core::remote
