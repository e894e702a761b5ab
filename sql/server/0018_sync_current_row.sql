-- A row as the server holds it now, for a laptop whose edit met a newer version (issue: offline
-- field work): it merges the fields nobody else changed, and shows the person the others
-- (three-way view). As the caller (SECURITY INVOKER): the policies decide; nothing when the row
-- is gone or hidden.
SET LOCAL ROLE cms_owner;

CREATE FUNCTION cms.current_row(target text, row_key text)
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
    RETURN QUERY EXECUTE format('SELECT r.version, row_to_json(r)::text FROM cms.%I r WHERE r.id = $1::%s',
                                target, key_type)
        USING row_key;
END
$$;
REVOKE ALL ON FUNCTION cms.current_row(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.current_row(text, text) TO cms_officer, cms_investigator, cms_manager;
