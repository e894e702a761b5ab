-- What the desktop's case work needs from the server (issue: case work in the desktop client):
-- indexes for the case list's sorts and deep scrolling, saved searches, PII revealed one field
-- at a time and always recorded, and a notification when a case changes.
SET LOCAL ROLE cms_owner;

-- The case list pages with OFFSET in the user's sort. An index-only scan reaches row 500,000 of a
-- million in about 0.15 s when the index also holds what the policies and the list's filters read
-- (restricted, team, status, type); a plain index needs a heap visit per row skipped (2 s).
-- cases_list_opened replaces cases_opened_on.
CREATE INDEX cases_list_opened ON cms.cases (opened_on DESC, id) INCLUDE (restricted, team_id, status, case_type);
CREATE INDEX cases_list_updated ON cms.cases (updated_at DESC, id) INCLUDE (restricted, team_id, status, case_type);
CREATE INDEX cases_list_title ON cms.cases (title, id);
DROP INDEX cms.cases_opened_on;

-- Saved searches, each person's own: a name and the list's filters as JSON (the client's format,
-- which holds search terms, never a revealed value).
CREATE TABLE cms.saved_searches (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_role name NOT NULL DEFAULT session_user REFERENCES cms.staff (login_role) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 80),
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    saved_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (login_role, name)
);
ALTER TABLE cms.saved_searches ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_searches ON cms.saved_searches FOR ALL TO cms_staff
    USING (login_role = session_user) WITH CHECK (login_role = session_user);
GRANT SELECT, DELETE ON cms.saved_searches TO cms_staff;
GRANT INSERT (name, definition), UPDATE (name, definition, saved_at) ON cms.saved_searches TO cms_staff;

-- PII is read one field at a time, and every reading is an audit event (PIA Q24): PII-holders no
-- longer select cms.people_pii directly (a modified client could read it silently); they call
-- this function, which checks the grant and the person's visibility as the policies would, and
-- records the reveal (or the refusal) with the field's name, never its value. A refusal returns
-- NULL rather than raising, so that its audit event is kept (an error would roll it back); the
-- client offers the reveal only to PII-holders, for people it lists.
CREATE FUNCTION cms.reveal_pii(person uuid, field text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    value text;
    visible boolean;
BEGIN
    IF field IS NULL OR field NOT IN ('full_name', 'title', 'email', 'phone', 'address') THEN
        RAISE EXCEPTION 'There is no PII field "%".', field USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'refused',
                                       jsonb_build_object('field', field, 'cause', 'no PII grant'));
        RETURN NULL;
    END IF;
    SELECT NOT p.case_restricted OR p.case_team_id = ANY (cms.my_restricted_teams())
      INTO visible
      FROM cms.people p
     WHERE p.id = person;
    IF NOT coalesce(visible, false) THEN
        PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'refused',
                                       jsonb_build_object('field', field, 'cause', 'not visible'));
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT %I FROM cms.people_pii WHERE person_id = $1', field) INTO value USING person;
    PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'success',
                                   jsonb_build_object('field', field));
    RETURN value;
END
$$;
REVOKE SELECT ON cms.people_pii FROM cms_pii_holder;
GRANT EXECUTE ON FUNCTION cms.reveal_pii(uuid, text) TO cms_staff;

-- A case changed: one notification per case and transaction on the channel named after the case
-- (cms_case_<id>), which only a client that has the case open listens to. The payload is the
-- case's version; no other data travels, so nothing leaks to a listener who guesses a channel.
CREATE FUNCTION cms.notify_case_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    changed text;
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        changed := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    ELSE
        changed := CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
    END IF;
    PERFORM pg_notify('cms_case_' || lower(changed), '');
    RETURN NULL;
END
$$;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON cms.cases
    FOR EACH ROW EXECUTE FUNCTION cms.notify_case_changed();
DO $$
DECLARE
    child text;
BEGIN
    FOREACH child IN ARRAY ARRAY['case_firms', 'products', 'samples', 'people', 'people_pii', 'activities',
                                 'determinations', 'corrective_actions', 'correspondence']
    LOOP
        EXECUTE format('CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON cms.%I '
                       'FOR EACH ROW EXECUTE FUNCTION cms.notify_case_changed()', child);
    END LOOP;
END
$$;
