-- Hard copies printed offline (issue: hard copies, "printing offline records the entry in the
-- cache and syncs it"). A laptop with no network prints from its cache (always redacted: the
-- cache holds no PII) and numbers the copy itself ("<device>-<n>", on every page); the next
-- sync registers it here: the case's next copy number, the time it was printed, the label the
-- paper carries, and the laptop's entry id, which makes a sync sent again register nothing new.
-- The copy exists whether or not the case is still the person's to see: it is registered either
-- way, and the event says which.
SET LOCAL ROLE cms_owner;

ALTER TABLE cms.hard_copies ADD COLUMN offline_label text, ADD COLUMN offline_entry uuid UNIQUE;

CREATE FUNCTION cms.register_offline_copy(entry uuid, of_case text, copy_kind cms.hard_copy_kind,
                                          copy_sections text[], copy_purpose text, is_leaving boolean,
                                          printed_at timestamptz, label text)
    RETURNS TABLE (copy_id uuid, copy_number integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    made cms.hard_copies;
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
    PERFORM pg_advisory_xact_lock(hashtext('cms.hard_copies:' || of_case));
    INSERT INTO cms.hard_copies AS h (case_id, copy_number, holder, kind, made_at, sections, redacted, purpose,
                                      leaves_office, offline_label, offline_entry)
    VALUES (of_case,
            (SELECT coalesce(max(x.copy_number), 0) + 1 FROM cms.hard_copies x WHERE x.case_id = of_case),
            session_user, copy_kind, printed_at, copy_sections, true, copy_purpose, is_leaving, label, entry)
    RETURNING * INTO made;
    PERFORM cms_audit.record_event('hard_copy.made', 'cms.hard_copies', made.id::text, 'success',
                                   jsonb_build_object('case_id', of_case, 'copy_number', made.copy_number,
                                                      'kind', copy_kind, 'sections', copy_sections,
                                                      'redacted', true, 'leaves_office', is_leaving,
                                                      'offline', true, 'offline_label', label,
                                                      'printed_at', printed_at,
                                                      'case_visible_now', cms.i_see_case(of_case)));
    RETURN QUERY SELECT made.id, made.copy_number;
END
$$;
REVOKE ALL ON FUNCTION cms.register_offline_copy(uuid, text, cms.hard_copy_kind, text[], text, boolean, timestamptz,
                                                 text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.register_offline_copy(uuid, text, cms.hard_copy_kind, text[], text, boolean, timestamptz,
                                                    text)
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_records_manager, cms_auditor;
