-- What a laptop pulls for the cases it checked out (issue: offline field work; DESIGN.md, sync
-- step 4): the rows changed since its cursor, as its person may see them, and the rows deleted
-- since (tombstones), in change order.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms.sync_tombstones (
    change_seq bigint PRIMARY KEY DEFAULT nextval('cms.change_seq'),
    table_name text NOT NULL,
    row_id     text NOT NULL,
    case_id    text NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_tombstones_case ON cms.sync_tombstones (case_id, change_seq);
ALTER TABLE cms.sync_tombstones ENABLE ROW LEVEL SECURITY;
-- A tombstone is seen by whoever may see its case (the cases' policies decide in the subquery).
CREATE POLICY case_readers ON cms.sync_tombstones FOR SELECT TO cms_staff
    USING (EXISTS (SELECT FROM cms.cases c WHERE c.id = sync_tombstones.case_id));
GRANT SELECT ON cms.sync_tombstones TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor,
    cms_records_manager, cms_auditor;

CREATE FUNCTION cms.record_tombstone() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    INSERT INTO cms.sync_tombstones (table_name, row_id, case_id) VALUES (TG_TABLE_NAME, OLD.id::text, OLD.case_id);
    RETURN NULL;
END
$$;
DO $$
DECLARE
    child text;
BEGIN
    FOREACH child IN ARRAY ARRAY['products', 'samples', 'people', 'activities', 'determinations',
                                 'corrective_actions', 'correspondence']
    LOOP
        EXECUTE format('CREATE TRIGGER sync_tombstone AFTER DELETE ON cms.%I '
                       'FOR EACH ROW EXECUTE FUNCTION cms.record_tombstone()', child);
    END LOOP;
END
$$;

-- As the caller (SECURITY INVOKER): the policies and grants decide which rows come, and people
-- come as the masked rows of cms.people (the PII stays on the server). A tombstone comes as
-- table 'tombstone:<table>' without data.
CREATE FUNCTION cms.sync_changes(of_cases text[], since bigint)
    RETURNS TABLE (table_name text, row_id text, case_id text, version integer, change_seq bigint, data text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, cms
AS $$
DECLARE
    rows_of_cases text;
BEGIN
    SELECT string_agg(format('SELECT %L, r.id::text, r.case_id, r.version, r.change_seq, row_to_json(r)::text '
                             'FROM cms.%I r WHERE r.case_id = ANY ($1) AND r.change_seq > $2', child, child),
                      ' UNION ALL ')
      INTO rows_of_cases
      FROM unnest(ARRAY['products', 'samples', 'people', 'activities', 'determinations', 'corrective_actions',
                        'correspondence']) AS child;
    RETURN QUERY EXECUTE
        'SELECT ''cases'', c.id, c.id, c.version, c.change_seq, row_to_json(c)::text FROM cms.cases c '
        'WHERE c.id = ANY ($1) AND c.change_seq > $2 UNION ALL ' || rows_of_cases || ' UNION ALL '
        'SELECT ''tombstone:'' || t.table_name, t.row_id, t.case_id, 0, t.change_seq, NULL '
        'FROM cms.sync_tombstones t WHERE t.case_id = ANY ($1) AND t.change_seq > $2 ORDER BY 5'
        USING of_cases, since;
END
$$;
REVOKE ALL ON FUNCTION cms.sync_changes(text[], bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.sync_changes(text[], bigint) TO cms_officer, cms_investigator, cms_analyst, cms_manager,
    cms_contractor, cms_records_manager, cms_auditor;
