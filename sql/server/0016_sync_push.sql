-- Offline edits pushed from a laptop's outbox (issue: offline field work; DESIGN.md, Offline field
-- work and sync): the server applies an edit only if the row is still at the version the edit
-- was made on, and records the edit's id in the same transaction, so that a push retried after a
-- lost reply changes nothing.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms.sync_entries (
    entry_id    uuid PRIMARY KEY,
    login_role  name NOT NULL DEFAULT session_user,
    table_name  text NOT NULL,
    row_id      text NOT NULL,
    new_version integer NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_entries_person ON cms.sync_entries (login_role, applied_at);
ALTER TABLE cms.sync_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_entries ON cms.sync_entries FOR ALL TO cms_staff
    USING (login_role = session_user) WITH CHECK (login_role = session_user);
GRANT SELECT, INSERT ON cms.sync_entries TO cms_officer, cms_investigator, cms_manager;

-- Applies one outbox entry as the caller (SECURITY INVOKER: the caller's policies and column
-- grants decide what may change). `changed` maps column names to their new values as text (JSON
-- null for NULL). Outcome: 'applied' (with the row's new version), 'applied_before' (the same
-- entry came earlier: nothing changes, its version is returned), 'conflict' (the row moved on:
-- its current version), or 'gone' (the row was deleted, or is no longer visible to the caller).
-- The update names the base version in its WHERE clause: a concurrent retry of the same entry
-- waits for the row, then finds the version moved and the entry recorded.
CREATE FUNCTION cms.apply_edit(entry uuid, target text, row_key text, base_version integer, changed jsonb)
    RETURNS TABLE (outcome text, version integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    relation regclass;
    assignments text;
    refused text;
    key_type text;
    applied_version integer;
BEGIN
    SELECT e.new_version INTO applied_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, applied_version;
        RETURN;
    END IF;
    IF target NOT IN ('cases', 'products', 'samples', 'people', 'activities', 'determinations',
                      'corrective_actions', 'correspondence') THEN
        RAISE EXCEPTION 'Edits of "%" are not synced.', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(changed) IS DISTINCT FROM 'object' OR changed = '{}'::jsonb THEN
        RAISE EXCEPTION 'An edit names the fields it changes.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    relation := format('cms.%I', target)::regclass;
    SELECT string_agg(format('%I = ($1 ->> %L)::%s, ', k.name, k.name, format_type(a.atttypid, a.atttypmod)), ''),
           min(k.name) FILTER (WHERE a.attname IS NULL OR k.name IN ('id', 'case_id', 'version', 'change_seq'))
      INTO assignments, refused
      FROM jsonb_object_keys(changed) AS k(name)
      LEFT JOIN pg_attribute a ON a.attrelid = relation AND a.attname = k.name AND a.attnum > 0
                              AND NOT a.attisdropped;
    IF refused IS NOT NULL THEN
        RAISE EXCEPTION 'Field "%" of % cannot be changed by an edit.', refused, target
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
      FROM pg_attribute a WHERE a.attrelid = relation AND a.attname = 'id';

    EXECUTE format('UPDATE cms.%I SET %s version = $2 WHERE id = $3::%s AND version = $2 RETURNING version',
                   target, assignments, key_type)
       INTO applied_version USING changed, base_version, row_key;
    IF applied_version IS NOT NULL THEN
        INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
        VALUES (entry, target, row_key, applied_version);
        RETURN QUERY SELECT 'applied'::text, applied_version;
        RETURN;
    END IF;
    -- Not applied: the same entry committed meanwhile by a concurrent retry, or the row moved on,
    -- or it is gone.
    SELECT e.new_version INTO applied_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, applied_version;
        RETURN;
    END IF;
    EXECUTE format('SELECT version FROM cms.%I WHERE id = $1::%s', target, key_type)
       INTO applied_version USING row_key;
    RETURN QUERY SELECT CASE WHEN applied_version IS NULL THEN 'gone' ELSE 'conflict' END, applied_version;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_edit(uuid, text, text, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_edit(uuid, text, text, integer, jsonb) TO cms_officer, cms_investigator,
    cms_manager;
