-- A case's history for its History tab (issue: case work): the audit events about the case and
-- the rows of it, as the person's role may see them.
SET LOCAL ROLE cms_owner;

-- Row changes of a case's rows now carry the case's id, so that their history stays attached to
-- the case even after the row is gone. Same function as 0003 otherwise.
CREATE OR REPLACE FUNCTION cms_audit.record_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    changed text[];
    of_case text := coalesce(new_row, old_row) ->> 'case_id';
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
    INSERT INTO cms_audit.events (event_type, object_type, object_id, changed_columns, details)
    VALUES ('row.' || lower(TG_OP), TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            coalesce(new_row, old_row) ->> TG_ARGV[0], changed,
            CASE WHEN of_case IS NOT NULL THEN jsonb_build_object('case_id', of_case) ELSE '{}' END);
    RETURN NULL;
END
$$;

CREATE INDEX events_case ON cms_audit.events ((details ->> 'case_id')) WHERE details ? 'case_id';

-- The history of a case the caller can see (the policies' rule, checked here since this function
-- reads the audit trail as its owner): changes to the case and its rows, with who, when and which
-- columns (never values). Managers and auditors also see every other event about the case and
-- its people (PII reveals and corrections, refusals); the others see the changes.
CREATE FUNCTION cms.case_history(case_id text)
    RETURNS TABLE (occurred_at timestamptz, actor name, event_type text, object_type text,
                   changed_columns text[], outcome text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    sees_all boolean := pg_has_role(session_user, 'cms_manager', 'MEMBER')
                        OR pg_has_role(session_user, 'cms_auditor', 'MEMBER');
    visible boolean;
BEGIN
    SELECT (NOT c.restricted OR c.team_id = ANY (cms.my_restricted_teams()))
           AND (NOT pg_has_role(session_user, 'cms_contractor', 'MEMBER') OR c.id = ANY (cms.my_shared_cases()))
      INTO visible
      FROM cms.cases c
     WHERE c.id = case_history.case_id;
    IF NOT coalesce(visible, false) THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT e.occurred_at, e.actor, e.event_type, e.object_type, e.changed_columns, e.outcome
          FROM cms_audit.events e
         WHERE ((e.object_type = 'cms.cases' AND e.object_id = case_history.case_id)
                OR (e.details ? 'case_id' AND e.details ->> 'case_id' = case_history.case_id)
                OR (sees_all AND e.object_type = 'person'
                    AND e.object_id IN (SELECT p.id::text FROM cms.people p WHERE p.case_id = case_history.case_id)))
           AND (sees_all OR e.event_type LIKE 'row.%')
         ORDER BY e.occurred_at DESC, e.id DESC
         LIMIT 2000;
END
$$;
GRANT EXECUTE ON FUNCTION cms.case_history(text) TO cms_staff;
