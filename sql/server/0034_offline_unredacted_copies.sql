-- Unredacted hard copies printed offline by a PII-holder (issue: offline field work, hard
-- copies). The laptop prints the PII its cache took at the last sync (cms.checkout_pii, recorded
-- per case), records the reading in its own chain as `hard_copy.pii_read` (how many people,
-- never a value), and the next sync registers the copy here as what it is: unredacted. The copy
-- exists whatever the grant is now: it is registered either way, and the event says whether the
-- holder still holds the grant.
SET LOCAL ROLE cms_owner;

INSERT INTO cms_audit.device_event_types VALUES ('hard_copy.pii_read');

DROP FUNCTION cms.register_offline_copy(uuid, text, cms.hard_copy_kind, text[], text, boolean, timestamptz, text);

CREATE FUNCTION cms.register_offline_copy(entry uuid, of_case text, copy_kind cms.hard_copy_kind,
                                          copy_sections text[], is_redacted boolean, copy_purpose text,
                                          is_leaving boolean, printed_at timestamptz, label text)
    RETURNS TABLE (copy_id uuid, copy_number integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    made cms.hard_copies;
    details jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(entry::text, 0));
    SELECT * INTO made FROM cms.hard_copies h WHERE h.offline_entry = entry;
    IF FOUND THEN
        IF made.holder <> session_user THEN
            RAISE EXCEPTION 'This offline copy was registered by someone else.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN QUERY SELECT made.id, made.copy_number;
        RETURN;
    END IF;
    IF printed_at > now() + interval '5 minutes' THEN
        RAISE EXCEPTION 'An offline copy cannot be printed in the future (%).', printed_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(btrim(coalesce(label, ''))) = 0 THEN
        RAISE EXCEPTION 'An offline copy carries the label printed on it.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF is_redacted IS NULL THEN
        RAISE EXCEPTION 'An offline copy is redacted or not.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('cms.hard_copies:' || of_case));
    INSERT INTO cms.hard_copies AS h (case_id, copy_number, holder, kind, made_at, sections, redacted, purpose,
                                      leaves_office, offline_label, offline_entry)
    VALUES (of_case,
            (SELECT coalesce(max(x.copy_number), 0) + 1 FROM cms.hard_copies x WHERE x.case_id = of_case),
            session_user, copy_kind, printed_at, copy_sections, is_redacted, copy_purpose, is_leaving, label, entry)
    RETURNING * INTO made;
    details := jsonb_build_object('case_id', of_case, 'copy_number', made.copy_number, 'kind', copy_kind,
                                  'sections', copy_sections, 'redacted', is_redacted, 'leaves_office', is_leaving,
                                  'offline', true, 'offline_label', label, 'printed_at', printed_at,
                                  'case_visible_now', cms.i_see_case(of_case));
    IF NOT is_redacted THEN
        details := details || jsonb_build_object('pii_grant_now',
                                                 pg_has_role(session_user, 'cms_pii_holder', 'MEMBER'));
    END IF;
    PERFORM cms_audit.record_event('hard_copy.made', 'cms.hard_copies', made.id::text, 'success', details);
    RETURN QUERY SELECT made.id, made.copy_number;
END
$$;
REVOKE ALL ON FUNCTION cms.register_offline_copy(uuid, text, cms.hard_copy_kind, text[], boolean, text, boolean,
                                                 timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.register_offline_copy(uuid, text, cms.hard_copy_kind, text[], boolean, text, boolean,
                                                    timestamptz, text)
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_records_manager, cms_auditor;
