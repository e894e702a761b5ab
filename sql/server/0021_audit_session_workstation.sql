-- AU-3 on every event (issue: audit trail): the database session it came from and the
-- workstation. The session id is the server's own (as log_line_prefix %c prints it: the
-- backend's start time and process id in hex), so events of one sign-in can be told apart from
-- another's of the same person; the workstation is the name the client gives when it connects
-- (`options=-c cms.workstation=<host>`), beside the client address the server sees.

-- The session's start time is visible only to its own role or to pg_read_all_stats, and events
-- are written inside SECURITY DEFINER functions: the id comes from a function owned by a role
-- that may read it and nothing else (cms_owner keeps no statistics right). Roles are
-- cluster-wide: made when absent.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cms_session_stamp') THEN
        CREATE ROLE cms_session_stamp NOLOGIN;
    END IF;
END
$$;
GRANT pg_read_all_stats TO cms_session_stamp;
GRANT USAGE ON SCHEMA cms_audit TO cms_session_stamp;

SET LOCAL ROLE cms_owner;
CREATE FUNCTION cms_audit.session_id() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$
    SELECT to_hex(trunc(extract(epoch FROM a.backend_start))::bigint) || '.' || to_hex(a.pid)
      FROM pg_stat_get_activity(pg_backend_pid()) a
$$;
RESET ROLE;
ALTER FUNCTION cms_audit.session_id() OWNER TO cms_session_stamp;
-- Events are inserted by cms_owner's functions (record_event, the triggers): the default runs as it.
REVOKE ALL ON FUNCTION cms_audit.session_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms_audit.session_id() TO cms_owner;
SET LOCAL ROLE cms_owner;

-- The columns come without defaults first, so that the events already written keep NULL (their
-- hashes were computed without them), then the defaults apply to new events.
ALTER TABLE cms_audit.events ADD COLUMN session_id text, ADD COLUMN workstation text;
ALTER TABLE cms_audit.events
    ALTER COLUMN session_id SET DEFAULT cms_audit.session_id(),
    ALTER COLUMN workstation SET DEFAULT left(nullif(current_setting('cms.workstation', true), ''), 255);

-- The canonical bytes gain the two fields when they are set (never for the events before this
-- migration, whose bytes stay as they were hashed).
CREATE OR REPLACE FUNCTION cms_audit.canonical(event cms_audit.events) RETURNS bytea
    LANGUAGE sql STABLE SET search_path = pg_catalog, cms_audit
AS $$
    SELECT convert_to((jsonb_build_object(
        'id', event.id,
        'occurred_at', to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'received_at', to_char(event.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', event.actor,
        'application', event.application,
        'client_address', host(event.client_address),
        'event_type', event.event_type,
        'object_type', event.object_type,
        'object_id', event.object_id,
        'changed_columns', to_jsonb(event.changed_columns),
        'outcome', event.outcome,
        'details', event.details)
        || jsonb_strip_nulls(jsonb_build_object('session_id', event.session_id,
                                                'workstation', event.workstation)))::text, 'UTF8')
$$;
