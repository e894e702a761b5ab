-- Teams, staff, cases with their status history and contractor shares, row-level security on
-- cases, and the server-side audit trail (DESIGN.md: Security model, Data; PIA Q2, Q17, Q21,
-- Q22, Q27). Firms, products, people (PII), samples and the rest of a case follow in later
-- migrations.
SET LOCAL ROLE cms_owner;

-- One sequence stamps every change for the sync feed.
CREATE SEQUENCE cms.change_seq;

-- Every mutable row: version for optimistic concurrency, change_seq for the sync feed. A client
-- writes back the version it read; a different one means someone else changed the row meanwhile.
CREATE FUNCTION cms.stamp_row() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.version := 1;
    ELSE
        IF NEW.version IS DISTINCT FROM OLD.version THEN
            RAISE EXCEPTION 'This % was changed by someone else meanwhile: it is at version %, the change was made to version %.',
                TG_ARGV[0], OLD.version, NEW.version
                USING ERRCODE = 'ZV001', HINT = 'Reload it, then make the change again.';
        END IF;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.change_seq := nextval('cms.change_seq');
    RETURN NEW;
END
$$;

CREATE TABLE cms.teams (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    version    integer NOT NULL DEFAULT 1,
    change_seq bigint NOT NULL DEFAULT 0
);

-- The people who use the system, one per login role, linked to their card by its UUID (the
-- subject DN is what PostgreSQL's certificate map sees).
CREATE TABLE cms.staff (
    login_role         name PRIMARY KEY,
    display_name       text NOT NULL CHECK (length(btrim(display_name)) > 0),
    job_role           text NOT NULL CHECK (job_role IN ('officer', 'investigator', 'analyst', 'manager', 'contractor',
                                                         'datalake_reader', 'records_manager', 'access_admin',
                                                         'auditor')),
    team_id            integer REFERENCES cms.teams,
    card_uuid          uuid UNIQUE,
    subject_dn         text NOT NULL,
    issuer_dn          text NOT NULL,
    certificate_serial text NOT NULL,
    nda_signed_on      date,
    active             boolean NOT NULL DEFAULT true,
    version            integer NOT NULL DEFAULT 1,
    change_seq         bigint NOT NULL DEFAULT 0,
    -- PIA Q17: no contractor account without a non-disclosure agreement on file.
    CONSTRAINT contractors_have_nda CHECK (job_role <> 'contractor' OR nda_signed_on IS NOT NULL)
);
CREATE INDEX staff_team ON cms.staff (team_id);

CREATE TYPE cms.case_type AS ENUM ('import_sample', 'establishment_inspection', 'section_15b_report',
                                   'testing_determination', 'corrective_action', 'other');
CREATE TYPE cms.case_status AS ENUM ('open', 'under_review', 'pending_action', 'closed');

CREATE TABLE cms.cases (
    id             cms.case_id PRIMARY KEY DEFAULT cms.new_case_id(),
    title          text NOT NULL CHECK (length(btrim(title)) > 0),
    case_type      cms.case_type NOT NULL,
    status         cms.case_status NOT NULL DEFAULT 'open',
    opened_on      date NOT NULL DEFAULT current_date,
    closed_on      date,
    closure_reason text,
    assigned_to    name REFERENCES cms.staff (login_role),
    team_id        integer REFERENCES cms.teams,
    restricted     boolean NOT NULL DEFAULT false,
    legal_hold     boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     name NOT NULL DEFAULT session_user,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     name NOT NULL DEFAULT session_user,
    version        integer NOT NULL DEFAULT 1,
    change_seq     bigint NOT NULL DEFAULT 0,
    CONSTRAINT closed_cases_have_a_date CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
    CONSTRAINT closed_cases_have_a_reason CHECK (closed_on IS NULL OR length(btrim(closure_reason)) > 0),
    CONSTRAINT closed_after_opened CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX cases_assigned_to ON cms.cases (assigned_to, status, opened_on DESC);
CREATE INDEX cases_team ON cms.cases (team_id);
CREATE INDEX cases_opened_on ON cms.cases (opened_on DESC);
CREATE INDEX cases_change_seq ON cms.cases (change_seq);

CREATE TABLE cms.case_status_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    cms.case_id NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    status     cms.case_status NOT NULL,
    reason     text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by name NOT NULL DEFAULT session_user
);
CREATE INDEX case_status_history_case ON cms.case_status_history (case_id, changed_at);

-- Contractors see only the cases a manager shared with them.
CREATE TABLE cms.case_shares (
    case_id    cms.case_id NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    login_role name NOT NULL REFERENCES cms.staff (login_role),
    shared_at  timestamptz NOT NULL DEFAULT now(),
    shared_by  name NOT NULL DEFAULT session_user,
    PRIMARY KEY (login_role, case_id)
);

-- Who is asking, evaluated once per statement: policies call these inside (SELECT ...), which
-- PostgreSQL runs as an InitPlan, never per row. Identity is session_user, the login role the
-- certificate mapped to; SET ROLE cannot change it.
CREATE FUNCTION cms.my_team() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$ SELECT team_id FROM cms.staff WHERE login_role = session_user AND active $$;

CREATE FUNCTION cms.i_manage() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$ SELECT pg_has_role(session_user, 'cms_manager', 'MEMBER') $$;

CREATE FUNCTION cms.my_shared_cases() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$ SELECT coalesce(array_agg(case_id::text), '{}') FROM cms.case_shares WHERE login_role = session_user $$;

-- The card on record for the signed-in person: the client compares it with the card it used.
CREATE FUNCTION cms.my_card() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$ SELECT card_uuid FROM cms.staff WHERE login_role = session_user AND active $$;

-- Case rules a client cannot be trusted with.
CREATE FUNCTION cms.guard_case() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_at := now();
        NEW.created_by := session_user;
    ELSE
        IF NEW.id <> OLD.id THEN
            RAISE EXCEPTION 'A case id never changes.' USING ERRCODE = 'check_violation';
        END IF;
        NEW.created_at := OLD.created_at;
        NEW.created_by := OLD.created_by;
        IF OLD.status = 'closed' AND NEW.status <> 'closed' AND NOT cms.i_manage() THEN
            RAISE EXCEPTION 'Only a manager may reopen a closed case.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.restricted <> OLD.restricted AND NOT cms.i_manage() THEN
            RAISE EXCEPTION 'Only a manager may restrict a case or lift a restriction.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NEW.legal_hold AND (TG_OP = 'INSERT' OR NOT OLD.legal_hold)
       AND NOT (cms.i_manage() OR pg_has_role(session_user, 'cms_records_manager', 'MEMBER')) THEN
        RAISE EXCEPTION 'Only a manager or a records manager may place a legal hold.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.legal_hold AND NOT NEW.legal_hold
       AND NOT (cms.i_manage() OR pg_has_role(session_user, 'cms_records_manager', 'MEMBER')) THEN
        RAISE EXCEPTION 'Only a manager or a records manager may lift a legal hold.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := session_user;
    RETURN NEW;
END
$$;

CREATE FUNCTION cms.record_case_status() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO cms.case_status_history (case_id, status, reason)
        VALUES (NEW.id, NEW.status, CASE WHEN NEW.status = 'closed' THEN NEW.closure_reason END);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON cms.teams FOR EACH ROW EXECUTE FUNCTION cms.stamp_row('team');
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON cms.staff FOR EACH ROW EXECUTE FUNCTION cms.stamp_row('person');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON cms.cases FOR EACH ROW EXECUTE FUNCTION cms.guard_case();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON cms.cases FOR EACH ROW EXECUTE FUNCTION cms.stamp_row('case');
CREATE TRIGGER status_history AFTER INSERT OR UPDATE OF status ON cms.cases
    FOR EACH ROW EXECUTE FUNCTION cms.record_case_status();

-- Row-level security: contractors see only cases shared with them; restricted cases only their
-- team and managers; everyone else per their role.
ALTER TABLE cms.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cms.case_status_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE cms.case_shares ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff_read ON cms.cases FOR SELECT
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_records_manager, cms_auditor
    USING (NOT restricted OR team_id = (SELECT cms.my_team()) OR (SELECT cms.i_manage()));
CREATE POLICY contractor_read ON cms.cases FOR SELECT TO cms_contractor
    USING (id = ANY ((SELECT cms.my_shared_cases())::text[]));
CREATE POLICY case_workers_insert ON cms.cases FOR INSERT TO cms_officer, cms_investigator, cms_manager
    WITH CHECK (NOT restricted OR team_id = (SELECT cms.my_team()) OR (SELECT cms.i_manage()));
CREATE POLICY case_workers_update ON cms.cases FOR UPDATE TO cms_officer, cms_investigator, cms_manager,
    cms_records_manager
    USING (NOT restricted OR team_id = (SELECT cms.my_team()) OR (SELECT cms.i_manage()))
    WITH CHECK (NOT restricted OR team_id = (SELECT cms.my_team()) OR (SELECT cms.i_manage()));

-- History and shares follow the visibility of their case.
CREATE POLICY follows_case ON cms.case_status_history FOR SELECT TO cms_staff
    USING (case_id IN (SELECT id FROM cms.cases));
CREATE POLICY own_shares ON cms.case_shares FOR SELECT TO cms_contractor USING (login_role = session_user);
CREATE POLICY managers_share ON cms.case_shares FOR ALL TO cms_manager USING (true) WITH CHECK (true);

GRANT SELECT ON cms.teams TO cms_staff;
GRANT SELECT (login_role, display_name, job_role, team_id, active) ON cms.staff TO cms_staff;
-- Staff rows feed the server's certificate map, so only `cmsadmin person` (the operator) writes
-- them: a role that could would be able to map any card to any login.
GRANT SELECT ON cms.staff TO cms_access_admin;
GRANT INSERT, UPDATE ON cms.teams TO cms_access_admin;
GRANT SELECT ON cms.cases, cms.case_status_history
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_records_manager, cms_auditor, cms_contractor;
GRANT INSERT (id, title, case_type, status, opened_on, closed_on, closure_reason, assigned_to, team_id, restricted,
              legal_hold)
    ON cms.cases TO cms_officer, cms_investigator, cms_manager;
GRANT UPDATE (title, case_type, status, opened_on, closed_on, closure_reason, assigned_to, team_id, restricted,
              legal_hold, version)
    ON cms.cases TO cms_officer, cms_investigator, cms_manager;
GRANT UPDATE (legal_hold, version) ON cms.cases TO cms_records_manager;
GRANT SELECT ON cms.case_shares TO cms_contractor;
GRANT SELECT, INSERT, DELETE ON cms.case_shares TO cms_manager;
GRANT EXECUTE ON FUNCTION cms.my_team(), cms.i_manage(), cms.my_shared_cases(), cms.my_card() TO cms_staff;

-- The audit trail. Append-only: no login role holds INSERT, UPDATE, DELETE or TRUNCATE on it,
-- and triggers refuse UPDATE, DELETE and TRUNCATE even to its owner. Rows name columns and ids,
-- never PII values. The hash chain and its verification come with the audit-trail work.
CREATE TABLE cms_audit.events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    received_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           name NOT NULL DEFAULT session_user,
    application     text NOT NULL DEFAULT current_setting('application_name'),
    client_address  inet DEFAULT inet_client_addr(),
    event_type      text NOT NULL CHECK (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
    object_type     text,
    object_id       text,
    changed_columns text[],
    outcome         text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure', 'refused')),
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_object ON cms_audit.events (object_type, object_id, occurred_at);
CREATE INDEX events_actor ON cms_audit.events (actor, occurred_at);

CREATE FUNCTION cms_audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'Audit events are never changed or removed.' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.events
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON cms_audit.events
    FOR EACH STATEMENT EXECUTE FUNCTION cms_audit.refuse_change();

-- Row changes, recorded by trigger with the names of the changed columns. TG_ARGV[0] names the
-- key column.
CREATE FUNCTION cms_audit.record_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    changed text[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(key ORDER BY key) INTO changed
          FROM jsonb_each(new_row) AS n(key, value)
         WHERE n.value IS DISTINCT FROM old_row -> n.key
           AND n.key NOT IN ('version', 'change_seq', 'updated_at', 'updated_by');
        IF changed IS NULL THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(key ORDER BY key) INTO changed
          FROM jsonb_each(new_row) AS n(key, value)
         WHERE n.value <> 'null'::jsonb
           AND n.key NOT IN ('version', 'change_seq', 'created_at', 'created_by', 'updated_at', 'updated_by');
    END IF;
    INSERT INTO cms_audit.events (event_type, object_type, object_id, changed_columns)
    VALUES ('row.' || lower(TG_OP), TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            coalesce(new_row, old_row) ->> TG_ARGV[0], changed);
    RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.teams
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.staff
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('login_role');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.cases
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.case_shares
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('case_id');

-- Client events (open, search, reveal, print, export): the server stamps actor and time, so no
-- client can write an event in another's name or at another time. `row.*` is the triggers'.
CREATE FUNCTION cms_audit.record_event(event_type text, object_type text, object_id text, outcome text DEFAULT 'success',
                                       details jsonb DEFAULT '{}') RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    new_id bigint;
BEGIN
    IF event_type LIKE 'row.%' THEN
        RAISE EXCEPTION 'Event type % is recorded by the server itself.', event_type
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO cms_audit.events (event_type, object_type, object_id, outcome, details)
    VALUES (event_type, object_type, object_id, outcome, coalesce(details, '{}'))
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

GRANT EXECUTE ON FUNCTION cms_audit.record_event(text, text, text, text, jsonb) TO cms_staff;
GRANT SELECT ON cms_audit.events TO cms_auditor, cms_manager, cms_forwarder;
