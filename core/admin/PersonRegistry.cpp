#include "core/admin/PersonRegistry.h"

#include "core/admin/IdentMapFile.h"
#include "core/common/Hex.h"
#include "core/pki/CertificateInfo.h"
#include "core/pki/SigningKey.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace cms::core::admin {

namespace {

std::string commonNameOf(const std::string& subject)
{
    // RFC 2253 puts the most specific RDN first: "CN=...,OU=...".
    if (!subject.starts_with("CN=")) {
        return subject;
    }
    const auto end = subject.find(',');
    return subject.substr(3, end == std::string::npos ? std::string::npos : end - 3);
}

Result<std::string> loginFor(const NewPerson& person, const pki::CertificateInfo& certificate)
{
    std::string login;
    if (person.loginRole) {
        login = *person.loginRole;
    } else if (certificate.userPrincipalName) {
        login = certificate.userPrincipalName->substr(0, certificate.userPrincipalName->find('@'));
        std::ranges::transform(login, login.begin(), [](unsigned char c) { return std::tolower(c); });
    } else {
        return fail(ErrorCode::InvalidArgument, "The certificate has no UPN: give the login name with --login.");
    }
    static const std::regex kLogin("^[a-z][a-z0-9_]{1,62}$");
    if (!std::regex_match(login, kLogin) || login.starts_with("cms_") || login.starts_with("pg_")) {
        return fail(ErrorCode::InvalidArgument,
                    "\"" + login
                        + "\" cannot be a login name: use lowercase letters, digits and _, starting with a "
                          "letter, and not cms_ or pg_.");
    }
    return login;
}

} // namespace

PersonRegistry::PersonRegistry(const remote::PgConnection& admin)
    : m_admin(admin)
{}

const std::vector<std::string>& PersonRegistry::jobRoles()
{
    static const std::vector<std::string> roles{"officer",
                                                "investigator",
                                                "analyst",
                                                "manager",
                                                "contractor",
                                                "datalake_reader",
                                                "records_manager",
                                                "access_admin",
                                                "auditor"};
    return roles;
}

Result<void> PersonRegistry::inTransaction(const std::function<Result<void>()>& work) const
{
    if (auto begun = m_admin.execScript("BEGIN"); !begun) {
        return begun;
    }
    if (auto done = work(); !done) {
        (void)m_admin.execScript("ROLLBACK");
        return done;
    }
    return m_admin.execScript("COMMIT");
}

Result<void> PersonRegistry::grantAccess(const std::string& login, const NewPerson& person) const
{
    // Login role without password: the card certificate, mapped by pg_ident, is the only way in.
    auto role = m_admin.exec("SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = $1) THEN format('ALTER "
                             "ROLE %I LOGIN', $1::text) "
                             "ELSE format('CREATE ROLE %I LOGIN', $1::text) END",
                             {login});
    if (!role) {
        return std::unexpected(role.error());
    }
    if (auto made = m_admin.execScript(role->text(0, 0)); !made) {
        return made;
    }
    for (const std::string& job : jobRoles()) {
        const bool wanted = job == person.jobRole;
        auto statement = m_admin.exec(wanted ? "SELECT format('GRANT %I TO %I', 'cms_' || $1::text, $2::text)"
                                             : "SELECT format('REVOKE %I FROM %I', 'cms_' || $1::text, $2::text)",
                                      {job, login});
        if (!statement) {
            return std::unexpected(statement.error());
        }
        if (auto done = m_admin.execScript(statement->text(0, 0)); !done) {
            return done;
        }
    }
    auto pii = m_admin.exec(person.pii ? "SELECT format('GRANT cms_pii_holder TO %I', $1::text)"
                                       : "SELECT format('REVOKE cms_pii_holder FROM %I', $1::text)",
                            {login});
    if (!pii) {
        return std::unexpected(pii.error());
    }
    if (auto done = m_admin.execScript(pii->text(0, 0)); !done) {
        return done;
    }
    // The approvals: grants that no longer hold are closed, new ones recorded.
    const std::string kept = person.pii ? "pii" : "";
    if (auto closed = m_admin.exec("UPDATE cms.access_grants SET revoked_at = now(), revoked_by = session_user, "
                                   "reason = 'changed by cmsadmin person add' "
                                   "WHERE login_role = $1 AND revoked_at IS NULL AND access NOT IN ($2, $3)",
                                   {login, person.jobRole, kept});
        !closed) {
        return std::unexpected(closed.error());
    }
    for (const std::string& access : {person.jobRole, kept}) {
        if (access.empty()) {
            continue;
        }
        auto recorded = m_admin.exec("INSERT INTO cms.access_grants (login_role, access, approved_by) "
                                     "SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT FROM cms.access_grants "
                                     "WHERE login_role = $1 AND access = $2 AND revoked_at IS NULL)",
                                     {login, access, person.approvedBy});
        if (!recorded) {
            return std::unexpected(recorded.error());
        }
    }
    return {};
}

Result<RegisteredPerson> PersonRegistry::add(const NewPerson& person) const
{
    if (std::ranges::find(jobRoles(), person.jobRole) == jobRoles().end()) {
        return fail(ErrorCode::InvalidArgument, "\"" + person.jobRole + "\" is not a job role.");
    }
    if (person.approvedBy.empty()) {
        return fail(ErrorCode::InvalidArgument, "Access is given only with an approval: name the approver.");
    }
    if (person.jobRole == "contractor" && !person.ndaSignedOn) {
        return fail(ErrorCode::InvalidArgument,
                    "A contractor account needs the date the non-disclosure agreement was signed (PIA Q17).");
    }
    auto certificate = pki::CertificateInfo::fromDer(person.certificateDer);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    if (!certificate->cardUuid) {
        return fail(ErrorCode::InvalidArgument,
                    "The certificate has no card UUID (subjectAltName urn:uuid:): it is not a PIV Authentication "
                    "certificate.");
    }
    // The server verifies what the card signs (the device audit batches) with this key.
    auto signingKey = pki::SigningKey::fromCertificateDer(person.certificateDer);
    if (!signingKey) {
        return std::unexpected(signingKey.error());
    }
    auto login = loginFor(person, *certificate);
    if (!login) {
        return std::unexpected(login.error());
    }
    RegisteredPerson registered{*login, *certificate->cardUuid, false};
    auto stored = inTransaction([&]() -> Result<void> {
        auto existing = m_admin.queryValue("SELECT 1 FROM cms.staff WHERE login_role = $1", {*login});
        if (!existing) {
            return std::unexpected(existing.error());
        }
        registered.created = !existing->has_value();
        std::optional<std::string> team;
        if (person.team) {
            auto id = m_admin.queryValue(
                "WITH made AS (INSERT INTO cms.teams (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id) "
                "SELECT id FROM made UNION ALL SELECT id FROM cms.teams WHERE name = $1",
                {*person.team});
            if (!id) {
                return std::unexpected(id.error());
            }
            team = *id;
        }
        auto upserted = m_admin.exec(
            "INSERT INTO cms.staff (login_role, display_name, job_role, team_id, card_uuid, subject_dn, issuer_dn, "
            "certificate_serial, nda_signed_on, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true) "
            "ON CONFLICT (login_role) DO UPDATE SET display_name = EXCLUDED.display_name, job_role = "
            "EXCLUDED.job_role, team_id = coalesce(EXCLUDED.team_id, cms.staff.team_id), card_uuid = "
            "EXCLUDED.card_uuid, subject_dn = EXCLUDED.subject_dn, issuer_dn = EXCLUDED.issuer_dn, "
            "certificate_serial = EXCLUDED.certificate_serial, nda_signed_on = EXCLUDED.nda_signed_on, active = true",
            {*login,
             person.displayName.value_or(commonNameOf(certificate->subject)),
             person.jobRole,
             team,
             *certificate->cardUuid,
             certificate->subject,
             certificate->issuer,
             certificate->serialNumber,
             person.ndaSignedOn});
        if (!upserted) {
            return std::unexpected(upserted.error());
        }
        auto keyed = m_admin.exec(
            "INSERT INTO cms_audit.signing_keys (login_role, certificate_serial, algorithm, key, "
            "exponent, certificate) VALUES ($1, $2, $3, decode($4, 'hex'), decode($5, 'hex'), decode($6, 'hex')) "
            "ON CONFLICT (login_role, certificate_serial) DO NOTHING",
            {*login,
             certificate->serialNumber,
             signingKey->algorithm,
             toHex(signingKey->key),
             signingKey->exponent.empty() ? std::optional<std::string>()
                                          : std::optional<std::string>(toHex(signingKey->exponent)),
             toHex(person.certificateDer)});
        if (!keyed) {
            return std::unexpected(keyed.error());
        }
        // After the staff row: the approvals refer to it.
        return grantAccess(*login, person);
    });
    if (!stored) {
        return std::unexpected(stored.error());
    }
    if (auto mapped = IdentMapFile::sync(m_admin); !mapped) {
        return std::unexpected(mapped.error());
    }
    return registered;
}

Result<void> PersonRegistry::revoke(const std::string& loginRole, const std::string& reason) const
{
    if (reason.empty()) {
        return fail(ErrorCode::InvalidArgument, "Give the reason for revoking access.");
    }
    auto revoked = inTransaction([&]() -> Result<void> {
        auto staff = m_admin.exec("UPDATE cms.staff SET active = false WHERE login_role = $1 RETURNING 1", {loginRole});
        if (!staff) {
            return std::unexpected(staff.error());
        }
        if (staff->rows() == 0) {
            return fail(ErrorCode::InvalidArgument, "No person with login " + loginRole + " is registered.");
        }
        auto grants = m_admin.exec("UPDATE cms.access_grants SET revoked_at = now(), revoked_by = session_user, "
                                   "reason = $2 WHERE login_role = $1 AND revoked_at IS NULL",
                                   {loginRole, reason});
        if (!grants) {
            return std::unexpected(grants.error());
        }
        auto statement = m_admin.exec("SELECT format('ALTER ROLE %I NOLOGIN', $1::text)", {loginRole});
        if (!statement) {
            return std::unexpected(statement.error());
        }
        return m_admin.execScript(statement->text(0, 0));
    });
    if (!revoked) {
        return revoked;
    }
    // Sessions already open end now, not at their next reconnect.
    if (auto ended =
            m_admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", {loginRole});
        !ended) {
        return std::unexpected(ended.error());
    }
    if (auto mapped = IdentMapFile::sync(m_admin); !mapped) {
        return std::unexpected(mapped.error());
    }
    return {};
}

Result<void> PersonRegistry::recordTraining(const std::string& loginRole, const std::string& completedOn) const
{
    auto date = m_admin.queryValue("SELECT CASE WHEN $1 ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN "
                                   "to_date($1, 'YYYY-MM-DD') <= current_date END",
                                   {completedOn});
    if (!date || !date->has_value()) {
        return fail(ErrorCode::InvalidArgument, "\"" + completedOn + "\" is not a date in the form YYYY-MM-DD.");
    }
    if (**date != "t") {
        return fail(ErrorCode::InvalidArgument,
                    "The training date " + completedOn + " is in the future: record training once it is done.");
    }
    // Only a change is written (and audited): running it again with the same date does nothing.
    auto recorded = m_admin.exec("UPDATE cms.staff SET privacy_training_on = $2::date WHERE login_role = $1 AND active "
                                 "AND privacy_training_on IS DISTINCT FROM $2::date RETURNING 1",
                                 {loginRole, completedOn});
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    if (recorded->rows() == 0) {
        auto known = m_admin.queryValue("SELECT 1 FROM cms.staff WHERE login_role = $1 AND active", {loginRole});
        if (!known) {
            return std::unexpected(known.error());
        }
        if (!known->has_value()) {
            return fail(ErrorCode::InvalidArgument, "No active person with login " + loginRole + " is registered.");
        }
    }
    return {};
}

} // namespace cms::core::admin
