-- Who was given which access, approved by whom (PIA Q25: documented criteria and manager
-- approval), kept after revocation. Written by `cmsadmin person add|revoke`.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms.access_grants (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_role  name NOT NULL REFERENCES cms.staff (login_role),
    access      text NOT NULL CHECK (access IN ('officer', 'investigator', 'analyst', 'manager', 'contractor',
                                                'datalake_reader', 'records_manager', 'access_admin', 'auditor',
                                                'pii')),
    approved_by text NOT NULL CHECK (length(btrim(approved_by)) > 0),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    granted_by  name NOT NULL DEFAULT session_user,
    revoked_at  timestamptz,
    revoked_by  name,
    reason      text,
    CONSTRAINT revocations_are_complete CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX access_grants_person ON cms.access_grants (login_role) WHERE revoked_at IS NULL;

-- PII access needs an active manager's approval (PIA Q25, Q27).
CREATE FUNCTION cms.check_pii_approval() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF NEW.access = 'pii' AND NEW.approved_by = NEW.login_role THEN
        RAISE EXCEPTION 'Nobody approves their own PII access.' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.access = 'pii' AND NOT EXISTS (
        SELECT FROM cms.staff WHERE login_role = NEW.approved_by AND job_role = 'manager' AND active
    ) THEN
        RAISE EXCEPTION 'PII access must be approved by an active manager; % is not one.', NEW.approved_by
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER pii_approval BEFORE INSERT ON cms.access_grants
    FOR EACH ROW EXECUTE FUNCTION cms.check_pii_approval();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.access_grants
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('login_role');

GRANT SELECT ON cms.access_grants TO cms_access_admin, cms_manager, cms_auditor;
