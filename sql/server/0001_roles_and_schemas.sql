-- Roles and schemas of the central database (DESIGN.md, Security model).
--
-- Roles are cluster-wide, so they are created only when absent. Every job is a NOLOGIN group;
-- each person is a LOGIN role (made by `cmsadmin person add`) that is a member of one job group,
-- and of cms_pii_holder when PII access was granted to that person.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY[
        'cms_owner',            -- owns every object; nobody logs in as it
        'cms_staff',            -- what every person of the office may do
        'cms_officer', 'cms_investigator', 'cms_analyst', 'cms_manager', 'cms_contractor',
        'cms_datalake_reader', 'cms_records_manager', 'cms_access_admin', 'cms_auditor',
        'cms_forwarder',        -- the audit forwarder service (Splunk)
        'cms_pii_holder'        -- the PII grant, given person by person after manager approval
    ] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        ELSE
            EXECUTE format('ALTER ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

GRANT cms_staff TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_datalake_reader,
    cms_records_manager, cms_access_admin, cms_auditor;

-- Only the office's roles may connect, and nobody may create objects in public.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO cms_staff, cms_forwarder', current_database());
    EXECUTE format('GRANT CREATE ON DATABASE %I TO cms_owner', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA cms AUTHORIZATION cms_owner;
CREATE SCHEMA cms_audit AUTHORIZATION cms_owner;
REVOKE ALL ON SCHEMA cms, cms_audit FROM PUBLIC;
GRANT USAGE ON SCHEMA cms TO cms_staff;
GRANT USAGE ON SCHEMA cms_audit TO cms_staff, cms_forwarder;

-- Functions are not executable by PUBLIC unless granted one by one.
ALTER DEFAULT PRIVILEGES FOR ROLE cms_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
