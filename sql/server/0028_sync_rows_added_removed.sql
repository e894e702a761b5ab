-- Rows added and removed on a laptop offline (issue: offline field work): the push sends a new
-- row of a case, or the removal of one, as an outbox entry like an edit, applied as the caller
-- (SECURITY INVOKER: the policies and grants decide) and recorded by its entry id in
-- cms.sync_entries in the same transaction, so that an entry sent again after a lost reply
-- changes nothing. A transaction-scoped lock on the entry id makes a concurrent retry of the same
-- entry wait for the first and then find it recorded (without it, two retries could both insert).
-- People and the case itself are not added or removed offline (a new case's id and people's PII
-- are the server's).
SET LOCAL ROLE cms_owner;

-- A new row of `of_case`: `fields` maps column names to values as text (JSON null for NULL).
-- Outcome 'applied' with the new row's id and version, or 'applied_before' with those recorded.
CREATE FUNCTION cms.apply_insert(entry uuid, target text, of_case text, fields jsonb)
    RETURNS TABLE (outcome text, row_id text, version integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    column_list text;
    value_list text;
    refused text;
    new_id text;
    new_version integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT e.row_id, e.new_version INTO new_id, new_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, new_id, new_version;
        RETURN;
    END IF;
    IF target NOT IN ('products', 'samples', 'activities', 'determinations', 'corrective_actions',
                      'correspondence') THEN
        RAISE EXCEPTION 'Rows of "%" are not added offline.', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(fields) IS DISTINCT FROM 'object' OR fields = '{}'::jsonb THEN
        RAISE EXCEPTION 'A new row names its fields.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(format('%I', k.name), ', ' ORDER BY k.name),
           string_agg(format('($1 ->> %L)::%s', k.name, format_type(a.atttypid, a.atttypmod)), ', '
                      ORDER BY k.name),
           min(k.name) FILTER (WHERE a.attname IS NULL OR k.name IN ('id', 'case_id', 'version', 'change_seq',
                                                                     'change_xid', 'case_restricted',
                                                                     'case_team_id'))
      INTO column_list, value_list, refused
      FROM jsonb_object_keys(fields) AS k(name)
      LEFT JOIN pg_attribute a ON a.attrelid = format('cms.%I', target)::regclass AND a.attname = k.name
                              AND a.attnum > 0 AND NOT a.attisdropped;
    IF refused IS NOT NULL THEN
        RAISE EXCEPTION 'Field "%" of % cannot be set by a new row.', refused, target
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('INSERT INTO cms.%I (case_id, %s) VALUES ($2, %s) RETURNING id::text, version',
                   target, column_list, value_list)
       INTO new_id, new_version USING fields, of_case;
    INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
    VALUES (entry, target, new_id, new_version);
    RETURN QUERY SELECT 'applied'::text, new_id, new_version;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_insert(uuid, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_insert(uuid, text, text, jsonb) TO cms_officer, cms_investigator, cms_manager;

-- The removal of a row on its base version. Outcome 'applied' (removed now, or already gone at
-- the office or no longer visible to the caller: nothing of it is left to remove for them),
-- 'applied_before', or 'conflict' with the current version: the row changed at the office since,
-- and the person decides whether it still goes.
CREATE FUNCTION cms.apply_delete(entry uuid, target text, row_key text, base_version integer)
    RETURNS TABLE (outcome text, version integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    removed_version integer;
    current_version integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT e.new_version INTO removed_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, removed_version;
        RETURN;
    END IF;
    IF target NOT IN ('products', 'samples', 'activities', 'determinations', 'corrective_actions',
                      'correspondence') THEN
        RAISE EXCEPTION 'Rows of "%" are not removed offline.', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('DELETE FROM cms.%I WHERE id = $1::bigint AND version = $2 RETURNING version', target)
       INTO removed_version USING row_key, base_version;
    IF removed_version IS NULL THEN
        EXECUTE format('SELECT version FROM cms.%I WHERE id = $1::bigint', target)
           INTO current_version USING row_key;
        IF current_version IS NOT NULL THEN
            RETURN QUERY SELECT 'conflict'::text, current_version;
            RETURN;
        END IF;
        removed_version := base_version;
    END IF;
    INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
    VALUES (entry, target, row_key, removed_version);
    RETURN QUERY SELECT 'applied'::text, removed_version;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_delete(uuid, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_delete(uuid, text, text, integer) TO cms_officer, cms_investigator, cms_manager;
