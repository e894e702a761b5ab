-- The firms of a checked-out case come to the laptop too (issue: offline field work): each
-- link of a firm to the case (cms.case_firms, keyed by firm and role) with the firm's own row
-- in it, pulled when either changed; a link removed (or re-keyed) leaves a tombstone.
SET LOCAL ROLE cms_owner;

CREATE FUNCTION cms.record_case_firm_tombstone() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.firm_id, OLD.firm_role, OLD.case_id) IS DISTINCT FROM (NEW.firm_id, NEW.firm_role, NEW.case_id) THEN
        INSERT INTO cms.sync_tombstones (table_name, row_id, case_id)
        VALUES ('case_firms', OLD.firm_id::text || ':' || OLD.firm_role::text, OLD.case_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sync_tombstone AFTER DELETE OR UPDATE OF case_id, firm_id, firm_role ON cms.case_firms
    FOR EACH ROW EXECUTE FUNCTION cms.record_case_firm_tombstone();

-- As 0020's, with the case's firms.
DROP FUNCTION cms.sync_changes(text[], pg_snapshot);
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
        'SELECT ''case_firms'', cf.firm_id::text || '':'' || cf.firm_role::text, cf.case_id, cf.version, '
        'greatest(cf.change_seq, f.change_seq), '
        '(to_jsonb(cf) - ''change_xid'' || jsonb_build_object(''firm'', to_jsonb(f) - ''change_xid''))::text '
        'FROM cms.case_firms cf JOIN cms.firms f ON f.id = cf.firm_id WHERE cf.case_id = ANY ($1) AND ('
        || format(changed_since, 'cf') || ' OR ' || format(changed_since, 'f') || ') UNION ALL '
        'SELECT ''tombstone:'' || t.table_name, t.row_id, t.case_id, 0, t.change_seq, NULL '
        'FROM cms.sync_tombstones t WHERE t.case_id = ANY ($1) AND ' || format(changed_since, 't') || ' ORDER BY 5'
        USING of_cases, since;
END
$$;
REVOKE ALL ON FUNCTION cms.sync_changes(text[], pg_snapshot) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.sync_changes(text[], pg_snapshot) TO cms_officer, cms_investigator, cms_analyst,
    cms_manager, cms_contractor, cms_records_manager, cms_auditor;
