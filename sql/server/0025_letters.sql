-- Notification letters (issue: hard copies; PIA Q8): a letter issued from a template is kept in
-- the case's correspondence with its text as issued. An issued letter cannot be changed or
-- removed afterwards (a correction is a new letter); issuing is an audit event.
SET LOCAL ROLE cms_owner;

ALTER TABLE cms.correspondence ADD COLUMN issued_at timestamptz;

CREATE FUNCTION cms.keep_issued_letters() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF OLD.issued_at IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' OR (NEW.kind, NEW.direction, NEW.firm_id, NEW.person_id, NEW.subject, NEW.body, NEW.dated_on,
                            NEW.issued_at, NEW.recorded_by)
                           IS DISTINCT FROM (OLD.kind, OLD.direction, OLD.firm_id, OLD.person_id, OLD.subject,
                                             OLD.body, OLD.dated_on, OLD.issued_at, OLD.recorded_by) THEN
        RAISE EXCEPTION 'An issued letter stays as it was issued: record a new letter instead.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER keep_issued_letters BEFORE UPDATE OR DELETE ON cms.correspondence
    FOR EACH ROW EXECUTE FUNCTION cms.keep_issued_letters();

-- Issues a letter as the caller (the table's grants and policies apply): the correspondence row,
-- outgoing, dated today, with its text; and the event, without the text (it may name people).
CREATE FUNCTION cms.issue_letter(of_case text, letter text, letter_kind cms.correspondence_kind, to_firm bigint,
                                 about_determination bigint, about_action bigint, letter_subject text,
                                 letter_body text)
    RETURNS bigint
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    made bigint;
BEGIN
    INSERT INTO cms.correspondence (case_id, kind, direction, firm_id, determination_id, corrective_action_id,
                                    subject, body, issued_at)
    VALUES (of_case, letter_kind, 'outgoing', to_firm, about_determination, about_action, letter_subject,
            letter_body, now())
    RETURNING id INTO made;
    PERFORM cms_audit.record_event('letter.issued', 'cms.correspondence', made::text, 'success',
                                   jsonb_build_object('case_id', of_case, 'letter', letter, 'firm_id', to_firm,
                                                      'determination_id', about_determination,
                                                      'corrective_action_id', about_action));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION cms.issue_letter(text, text, cms.correspondence_kind, bigint, bigint, bigint, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.issue_letter(text, text, cms.correspondence_kind, bigint, bigint, bigint, text, text)
    TO cms_officer, cms_investigator, cms_manager;
