-- A person added to a case on a laptop offline (issue: offline field work: the case form works
-- offline as online; a field worker meets a purchaser or a contact at the site). The laptop draws
-- the person's id (a random UUID, as the server's default does), so nothing is renamed after the
-- push. With their PII when the person holds the PII grant: the PII sits in the encrypted cache
-- and its outbox until this function inserts it, as the invoker (SECURITY INVOKER: the policies
-- and the grants decide, as online, and a grant withdrawn meanwhile refuses the entry rather than
-- dropping what was typed). Recorded by its entry id in cms.sync_entries in the same transaction,
-- so that an entry sent again changes nothing. The masked values follow by the people_pii trigger,
-- as online; the row events record the field names, never the values.
SET LOCAL ROLE cms_owner;

-- `fields`: {"kind", "source", "declined_fields": [names], "pii": {field: value}}, as the
-- laptop's outbox holds them.
CREATE FUNCTION cms.apply_new_person(entry uuid, of_case text, person uuid, fields jsonb)
    RETURNS TABLE (outcome text, version integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    person_version integer;
    pii jsonb := coalesce(fields -> 'pii', '{}'::jsonb);
    declined text[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT e.new_version INTO person_version FROM cms.sync_entries e WHERE e.entry_id = entry;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, person_version;
        RETURN;
    END IF;
    IF jsonb_typeof(fields) IS DISTINCT FROM 'object' OR jsonb_typeof(pii) <> 'object'
       OR jsonb_typeof(coalesce(fields -> 'declined_fields', '[]'::jsonb)) <> 'array'
       OR EXISTS (SELECT FROM jsonb_object_keys(pii) k WHERE k NOT IN ('full_name', 'title', 'email', 'phone', 'address'))
    THEN
        RAISE EXCEPTION 'A new person names a kind, a source, the fields declined and PII fields only.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(d), '{}') INTO declined
      FROM jsonb_array_elements_text(coalesce(fields -> 'declined_fields', '[]'::jsonb)) d;
    INSERT INTO cms.people AS p (id, case_id, kind, source, declined_fields)
    VALUES (person, of_case, (fields ->> 'kind')::cms.person_kind, (fields ->> 'source')::cms.record_source, declined)
    RETURNING p.version INTO person_version;
    IF pii <> '{}'::jsonb THEN
        INSERT INTO cms.people_pii (person_id, case_id, full_name, title, email, phone, address)
        VALUES (person, of_case, pii ->> 'full_name', pii ->> 'title', pii ->> 'email', pii ->> 'phone',
                pii ->> 'address');
        SELECT p.version INTO person_version FROM cms.people p WHERE p.id = person;
    END IF;
    INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
    VALUES (entry, 'people', person::text, person_version);
    RETURN QUERY SELECT 'applied'::text, person_version;
END
$$;
REVOKE ALL ON FUNCTION cms.apply_new_person(uuid, text, uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_new_person(uuid, text, uuid, jsonb) TO cms_officer, cms_investigator, cms_manager;
