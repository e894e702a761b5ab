-- A firm linked to a case, or unlinked, on a laptop offline (issue: offline field work: the case
-- form works offline as online). The link (cms.case_firms: the case, the firm, its role) is what
-- the laptop changes; the firm itself is shared by many cases and stays the office's (a new firm
-- needs the network, so that the office's register of firms keeps one row per firm). Applied as
-- the caller (SECURITY INVOKER: the policies and grants decide) and recorded by its entry id in
-- cms.sync_entries in the same transaction, so that an entry sent again changes nothing.
-- A link has no fields of its own to conflict on: a link also made at the office is the same link
-- ('applied', nothing doubled), and one already removed there is removed ('applied').
SET LOCAL ROLE cms_owner;

CREATE FUNCTION cms.apply_firm_link(entry uuid, of_case text, firm bigint, role_in_case cms.firm_role,
                                     linked boolean)
    RETURNS TABLE (outcome text, version integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    link_version integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT e.new_version INTO link_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, link_version;
        RETURN;
    END IF;
    IF linked IS NULL THEN
        RAISE EXCEPTION 'A firm link entry links or unlinks.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF linked THEN
        INSERT INTO cms.case_firms AS cf (case_id, firm_id, firm_role) VALUES (of_case, firm, role_in_case)
            ON CONFLICT (case_id, firm_id, firm_role) DO NOTHING
            RETURNING cf.version INTO link_version;
        IF link_version IS NULL THEN
            SELECT cf.version INTO link_version FROM cms.case_firms cf
             WHERE cf.case_id = of_case AND cf.firm_id = firm AND cf.firm_role = role_in_case;
        END IF;
    ELSE
        DELETE FROM cms.case_firms cf
         WHERE cf.case_id = of_case AND cf.firm_id = firm AND cf.firm_role = role_in_case
        RETURNING cf.version INTO link_version;
    END IF;
    link_version := coalesce(link_version, 0);
    INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
    VALUES (entry, 'case_firms', of_case || '/' || firm || ':' || role_in_case, link_version);
    RETURN QUERY SELECT 'applied'::text, link_version;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_firm_link(uuid, text, bigint, cms.firm_role, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_firm_link(uuid, text, bigint, cms.firm_role, boolean)
    TO cms_officer, cms_investigator, cms_manager;
