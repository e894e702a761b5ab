-- Consecutive edits of a push in one round trip (issue: offline field work, "push of 10,000
-- queued edits: <= 10 s"). The client (core/sync/OutboxPusher) sends a run of edits together;
-- each goes through cms.apply_edit exactly as when sent alone, in order, and the run stops at the
-- first edit that is not applied (a conflict, a row gone), which the client settles as before.
-- An edit made on top of an earlier one of the same row goes on the version that one left (the
-- client's rule: made on, or sent on, the earlier edit's base), seeded with what the client
-- carried from the runs before (`carried`: {"table/row": {"made_on", "sent_on", "left"}}).
-- SECURITY INVOKER, as apply_edit: the person's own rights and policies apply to every edit.
CREATE FUNCTION cms.apply_edits(entries jsonb, carried jsonb)
    RETURNS TABLE (outcome text, version integer, sent_base integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    last_sent jsonb := coalesce(carried, '{}'::jsonb);
    entry jsonb;
    row_key text;
    base integer;
    answer record;
BEGIN
    IF jsonb_typeof(entries) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'A run of edits comes as a JSON array.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR entry IN SELECT e.value FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
        row_key := (entry->>'table') || '/' || (entry->>'row');
        base := (entry->>'base')::integer;
        IF last_sent ? row_key AND base IN ((last_sent->row_key->>'made_on')::integer,
                                            (last_sent->row_key->>'sent_on')::integer) THEN
            base := (last_sent->row_key->>'left')::integer;
        END IF;
        SELECT a.outcome, a.version INTO answer
          FROM cms.apply_edit((entry->>'entry')::uuid, entry->>'table', entry->>'row', base, entry->'changed') AS a;
        outcome := answer.outcome;
        version := answer.version;
        sent_base := base;
        RETURN NEXT;
        EXIT WHEN answer.outcome NOT IN ('applied', 'applied_before');
        last_sent := jsonb_set(last_sent, ARRAY[row_key],
                               jsonb_build_object('made_on', (entry->>'base')::integer, 'sent_on', base,
                                                  'left', answer.version));
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_edits(jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_edits(jsonb, jsonb) TO cms_officer, cms_investigator, cms_manager;
