-- The pull's cursor becomes a snapshot of the server (issue: offline field work; DESIGN.md, sync
-- step 4). The cursor was the highest change_seq a pull had seen: a transaction that drew a lower
-- number and committed after a pull read a higher one was never pulled. Each synced row now
-- records the transaction that last changed it (change_xid); a pull returns the rows whose
-- transaction the previous pull's snapshot could not see yet, and hands back its own snapshot
-- (taken in the same REPEATABLE READ transaction) as the next cursor.
SET LOCAL ROLE cms_owner;

-- Every row stamped by cms.stamp_row: the column is nullable (rows written before this migration
-- keep NULL: older than any snapshot a cursor can hold), so adding it rewrites nothing.
DO $$
DECLARE
    stamped regclass;
BEGIN
    FOR stamped IN SELECT a.attrelid::regclass
                     FROM pg_attribute a
                     JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
                     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'cms'
                    WHERE a.attname = 'change_seq' AND NOT a.attisdropped
    LOOP
        EXECUTE format('ALTER TABLE %s ADD COLUMN change_xid xid8', stamped);
    END LOOP;
END
$$;
ALTER TABLE cms.sync_tombstones ALTER COLUMN change_xid SET DEFAULT pg_current_xact_id();

CREATE OR REPLACE FUNCTION cms.stamp_row() RETURNS trigger
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
    NEW.change_xid := pg_current_xact_id();
    RETURN NEW;
END
$$;

-- The audit of row changes leaves the new stamp out of the changed columns, like the others.
-- Same function as 0014 otherwise.
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
           AND n.key NOT IN ('version', 'change_seq', 'change_xid', 'updated_at', 'updated_by');
        IF changed IS NULL THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(key ORDER BY key) INTO changed
          FROM jsonb_each(new_row) AS n(key, value)
         WHERE n.value <> 'null'::jsonb
           AND n.key NOT IN ('version', 'change_seq', 'change_xid', 'created_at', 'created_by', 'updated_at',
                             'updated_by');
    END IF;
    INSERT INTO cms_audit.events (event_type, object_type, object_id, changed_columns, details)
    VALUES ('row.' || lower(TG_OP), TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            coalesce(new_row, old_row) ->> TG_ARGV[0], changed,
            CASE WHEN of_case IS NOT NULL THEN jsonb_build_object('case_id', of_case) ELSE '{}' END);
    RETURN NULL;
END
$$;

-- As 0017's, with the snapshot as cursor (NULL: everything of the cases, for a check-out). The
-- rows' JSON leaves the transaction id out (it means nothing on a laptop).
DROP FUNCTION cms.sync_changes(text[], bigint);
CREATE FUNCTION cms.sync_changes(of_cases text[], since pg_snapshot)
    RETURNS TABLE (table_name text, row_id text, case_id text, version integer, change_seq bigint, data text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, cms
AS $$
DECLARE
    changed_since constant text :=
        '($2 IS NULL OR (%1$s.change_xid >= pg_snapshot_xmin($2) AND NOT pg_visible_in_snapshot(%1$s.change_xid, $2)))';
    rows_of_cases text;
BEGIN
    SELECT string_agg(format('SELECT %L, r.id::text, r.case_id, r.version, r.change_seq, '
                             '(to_jsonb(r) - ''change_xid'')::text FROM cms.%I r WHERE r.case_id = ANY ($1) AND ',
                             child, child) || format(changed_since, 'r'),
                      ' UNION ALL ')
      INTO rows_of_cases
      FROM unnest(ARRAY['products', 'samples', 'people', 'activities', 'determinations', 'corrective_actions',
                        'correspondence']) AS child;
    RETURN QUERY EXECUTE
        'SELECT ''cases'', c.id, c.id, c.version, c.change_seq, (to_jsonb(c) - ''change_xid'')::text FROM cms.cases c '
        'WHERE c.id = ANY ($1) AND ' || format(changed_since, 'c') || ' UNION ALL ' || rows_of_cases || ' UNION ALL '
        'SELECT ''tombstone:'' || t.table_name, t.row_id, t.case_id, 0, t.change_seq, NULL '
        'FROM cms.sync_tombstones t WHERE t.case_id = ANY ($1) AND ' || format(changed_since, 't') || ' ORDER BY 5'
        USING of_cases, since;
END
$$;
REVOKE ALL ON FUNCTION cms.sync_changes(text[], pg_snapshot) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.sync_changes(text[], pg_snapshot) TO cms_officer, cms_investigator, cms_analyst,
    cms_manager, cms_contractor, cms_records_manager, cms_auditor;

-- The row as the server holds it now, without the transaction id (as in the pull).
CREATE OR REPLACE FUNCTION cms.current_row(target text, row_key text)
    RETURNS TABLE (version integer, data text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, cms
AS $$
DECLARE
    key_type text;
BEGIN
    IF target NOT IN ('cases', 'products', 'samples', 'people', 'activities', 'determinations',
                      'corrective_actions', 'correspondence') THEN
        RAISE EXCEPTION 'Rows of "%" are not synced.', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
      FROM pg_attribute a WHERE a.attrelid = format('cms.%I', target)::regclass AND a.attname = 'id';
    RETURN QUERY EXECUTE format('SELECT r.version, (to_jsonb(r) - ''change_xid'')::text FROM cms.%I r '
                                'WHERE r.id = $1::%s', target, key_type)
        USING row_key;
END
$$;
