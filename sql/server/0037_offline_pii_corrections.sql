-- A person's PII corrected on a laptop offline (issue: offline field work: the case form works
-- offline as online; in the field an investigator learns a purchaser's right phone number). The
-- laptop keeps the correction (field, value, reason) and the value it replaces, in its encrypted
-- cache and outbox; the push applies it here through cms.correct_pii, which checks the grant and
-- the person's visibility and records the correction (reason, the prior value's digest) as
-- online. Only if the office's value is still the one the laptop replaced: a field corrected at
-- the office since is refused in words (nothing is resolved silently: the person sees the refusal
-- and corrects again, online, knowing the office's correction). Recorded by its entry id in
-- cms.sync_entries in the same transaction, so that an entry sent again changes nothing.
SET LOCAL ROLE cms_owner;

-- `changed`: {"<field>": "<value>", "reason": "<why>"}; `base`: {"<field>": <the value replaced>}.
CREATE FUNCTION cms.apply_pii_correction(entry uuid, person uuid, changed jsonb, base jsonb)
    RETURNS TABLE (outcome text, version integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    person_version integer;
    field text;
    current_value text;
    seen integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT e.new_version INTO person_version FROM cms.sync_entries e
     WHERE e.entry_id = entry AND e.login_role = session_user;
    IF FOUND THEN
        RETURN QUERY SELECT 'applied_before'::text, person_version;
        RETURN;
    END IF;
    IF jsonb_typeof(changed) IS DISTINCT FROM 'object' OR jsonb_typeof(base) IS DISTINCT FROM 'object'
       OR (SELECT count(*) FROM jsonb_object_keys(changed) k WHERE k <> 'reason') <> 1 THEN
        RAISE EXCEPTION 'A correction names one field, its value and its reason.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT k INTO field FROM jsonb_object_keys(changed) k WHERE k <> 'reason';
    IF field NOT IN ('full_name', 'title', 'email', 'phone', 'address') THEN
        RAISE EXCEPTION '% is not a PII field.', field USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Read with the policies' rule (this function reads as its owner); cms.correct_pii checks the
    -- grant and the visibility again, and refuses in its own words.
    EXECUTE format('SELECT p.%I FROM cms.people_pii p WHERE p.person_id = $1 AND (NOT p.case_restricted OR '
                   'p.case_team_id = cms.my_team() OR cms.i_manage())', field)
       INTO current_value USING person;
    GET DIAGNOSTICS seen = ROW_COUNT;
    IF seen = 0 THEN
        RAISE EXCEPTION 'This person is not on record, or no longer yours to see: the correction made offline cannot be '
                        'applied.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF current_value IS DISTINCT FROM base ->> field THEN
        RAISE EXCEPTION 'The % of this person was corrected at the office after your correction was made offline: '
                        'yours was not applied. See the office''s value and correct it again if it is still wrong.',
                        replace(field, '_', ' ')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cms.correct_pii(person, field, changed ->> field, changed ->> 'reason');
    SELECT p.version INTO person_version FROM cms.people p WHERE p.id = person;
    INSERT INTO cms.sync_entries (entry_id, table_name, row_id, new_version)
    VALUES (entry, 'people_pii', person::text, coalesce(person_version, 0));
    RETURN QUERY SELECT 'applied'::text, coalesce(person_version, 0);
END
$$;
REVOKE ALL ON FUNCTION cms.apply_pii_correction(uuid, uuid, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.apply_pii_correction(uuid, uuid, jsonb, jsonb) TO cms_officer, cms_investigator;
