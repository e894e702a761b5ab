-- Hard copies of case files (issue: hard copies; PIA Q28): the register of every print and PDF
-- made of a case, with its copy number (per case, 1, 2, ...), who holds it, what it holds
-- (sections, redacted or not), why, whether it leaves the office, and whether it came back or
-- was destroyed and when. Rows are written only through the functions below, each an audit event;
-- people read their own copies, managers everyone's (copies outstanding too long), auditors all.
SET LOCAL ROLE cms_owner;

CREATE TYPE cms.hard_copy_kind AS ENUM ('print', 'pdf');
CREATE TYPE cms.hard_copy_status AS ENUM ('held', 'returned', 'destroyed');

CREATE TABLE cms.hard_copies (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id            text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    copy_number        integer NOT NULL CHECK (copy_number > 0),
    holder             name NOT NULL,
    kind               cms.hard_copy_kind NOT NULL,
    made_at            timestamptz NOT NULL DEFAULT now(),
    sections           text[] NOT NULL CHECK (cardinality(sections) > 0),
    redacted           boolean NOT NULL,
    purpose            text NOT NULL CHECK (length(btrim(purpose)) > 0),
    leaves_office      boolean NOT NULL,
    status             cms.hard_copy_status NOT NULL DEFAULT 'held',
    status_on          date,
    status_recorded_at timestamptz,
    UNIQUE (case_id, copy_number),
    CONSTRAINT settled_with_a_date CHECK ((status = 'held') = (status_on IS NULL))
);
CREATE INDEX hard_copies_holder ON cms.hard_copies (holder, status);
CREATE INDEX hard_copies_held_since ON cms.hard_copies (made_at) WHERE status = 'held';

ALTER TABLE cms.hard_copies ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_or_reviewed ON cms.hard_copies FOR SELECT
    USING (holder = (SELECT session_user::name) OR (SELECT cms.i_manage())
           OR (SELECT pg_has_role(session_user, 'cms_auditor', 'MEMBER')));
GRANT SELECT ON cms.hard_copies TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor,
    cms_records_manager, cms_auditor;

-- Whether the caller may see the case, as the cases' policies decide (cms.find_cases does the same).
CREATE FUNCTION cms.i_see_case(of_case text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    SELECT EXISTS (
        SELECT 1 FROM cms.cases c CROSS JOIN cms.search_scope() s
         WHERE c.id = of_case
           AND ((s.reads_cases AND (NOT c.restricted OR c.team_id = s.team OR s.manages)) OR c.id = ANY (s.shared)))
$$;
REVOKE ALL ON FUNCTION cms.i_see_case(text) FROM PUBLIC;

-- A new copy, numbered after the case's last one. Refused (recorded, and the refusal's words
-- returned instead of a row, since an error would roll the record back) when the case is not
-- the caller's to see, or when an unredacted copy is asked without the PII grant.
CREATE FUNCTION cms.register_hard_copy(of_case text, copy_kind cms.hard_copy_kind, copy_sections text[],
                                       is_redacted boolean, copy_purpose text, is_leaving boolean)
    RETURNS TABLE (copy_id uuid, copy_number integer, made_at timestamptz, refusal text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    cause text;
    made cms.hard_copies;
BEGIN
    IF NOT cms.i_see_case(of_case) THEN
        cause := 'The case is not yours to see.';
    ELSIF NOT is_redacted AND NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        cause := 'An unredacted copy needs the PII grant.';
    END IF;
    IF cause IS NOT NULL THEN
        PERFORM cms_audit.record_event('hard_copy.made', 'cms.cases', of_case, 'refused',
                                       jsonb_build_object('case_id', of_case, 'kind', copy_kind,
                                                          'redacted', is_redacted, 'cause', cause));
        RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::timestamptz, cause;
        RETURN;
    END IF;
    -- One number per copy of the case, in order, under concurrent prints of the same case.
    PERFORM pg_advisory_xact_lock(hashtext('cms.hard_copies:' || of_case));
    INSERT INTO cms.hard_copies AS h (case_id, copy_number, holder, kind, sections, redacted, purpose, leaves_office)
    VALUES (of_case,
            (SELECT coalesce(max(x.copy_number), 0) + 1 FROM cms.hard_copies x WHERE x.case_id = of_case),
            session_user, copy_kind, copy_sections, is_redacted, copy_purpose, is_leaving)
    RETURNING * INTO made;
    -- The purpose is the person's own words: kept in the register, not in the trail.
    PERFORM cms_audit.record_event('hard_copy.made', 'cms.hard_copies', made.id::text, 'success',
                                   jsonb_build_object('case_id', of_case, 'copy_number', made.copy_number,
                                                      'kind', copy_kind, 'sections', copy_sections,
                                                      'redacted', is_redacted, 'leaves_office', is_leaving));
    RETURN QUERY SELECT made.id, made.copy_number, made.made_at, NULL::text;
END
$$;

-- The holder marks a copy returned or destroyed, on a day between its making and today.
-- Refused (recorded; its words returned) for someone else's copy or one already settled.
CREATE FUNCTION cms.settle_hard_copy(copy uuid, new_status cms.hard_copy_status, settled_on date)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    held cms.hard_copies;
    cause text;
BEGIN
    SELECT * INTO held FROM cms.hard_copies h WHERE h.id = copy FOR UPDATE;
    IF NOT FOUND OR held.holder <> session_user THEN
        cause := 'This copy is not one you hold.';
    ELSIF held.status <> 'held' THEN
        cause := 'This copy was marked ' || held.status || ' already.';
    ELSIF new_status IS NULL OR new_status = 'held' THEN
        cause := 'A copy is marked returned or destroyed.';
    ELSIF settled_on IS NULL OR settled_on > current_date OR settled_on < held.made_at::date THEN
        cause := 'The date must be between the day the copy was made and today.';
    END IF;
    IF cause IS NOT NULL THEN
        PERFORM cms_audit.record_event('hard_copy.settled', 'cms.hard_copies', copy::text, 'refused',
                                       jsonb_build_object('status', new_status, 'cause', cause));
        RETURN cause;
    END IF;
    UPDATE cms.hard_copies h SET status = new_status, status_on = settled_on, status_recorded_at = now()
     WHERE h.id = copy;
    PERFORM cms_audit.record_event('hard_copy.settled', 'cms.hard_copies', copy::text, 'success',
                                   jsonb_build_object('case_id', held.case_id, 'copy_number', held.copy_number,
                                                      'status', new_status, 'on', settled_on));
    RETURN NULL;
END
$$;

-- The PII an unredacted copy prints, for the copy just registered by its holder (within ten
-- minutes of its making, so an old entry is no way to read PII again), with the PII grant: each
-- reading is an audit event (the people's count, never a value).
CREATE FUNCTION cms.hard_copy_pii(copy uuid)
    RETURNS TABLE (person_id uuid, full_name text, title text, email text, phone text, address text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    held cms.hard_copies;
    cause text;
    people integer;
BEGIN
    SELECT * INTO held FROM cms.hard_copies h WHERE h.id = copy;
    IF NOT FOUND OR held.holder <> session_user THEN
        cause := 'not the holder';
    ELSIF held.redacted THEN
        cause := 'redacted copy';
    ELSIF held.made_at < now() - interval '10 minutes' THEN
        cause := 'copy made over ten minutes ago';
    ELSIF NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        cause := 'no PII grant';
    ELSIF NOT cms.i_see_case(held.case_id) THEN
        cause := 'not visible';
    END IF;
    IF cause IS NOT NULL THEN
        PERFORM cms_audit.record_event('hard_copy.pii_read', 'cms.hard_copies', copy::text, 'refused',
                                       jsonb_build_object('cause', cause));
        RETURN;
    END IF;
    SELECT count(*) INTO people FROM cms.people_pii p WHERE p.case_id = held.case_id;
    PERFORM cms_audit.record_event('hard_copy.pii_read', 'cms.hard_copies', copy::text, 'success',
                                   jsonb_build_object('case_id', held.case_id, 'copy_number', held.copy_number,
                                                      'people', people));
    RETURN QUERY SELECT p.person_id, p.full_name, p.title, p.email, p.phone, p.address
                   FROM cms.people_pii p WHERE p.case_id = held.case_id;
END
$$;

REVOKE ALL ON FUNCTION cms.register_hard_copy(text, cms.hard_copy_kind, text[], boolean, text, boolean),
    cms.settle_hard_copy(uuid, cms.hard_copy_status, date), cms.hard_copy_pii(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.register_hard_copy(text, cms.hard_copy_kind, text[], boolean, text, boolean),
    cms.settle_hard_copy(uuid, cms.hard_copy_status, date), cms.hard_copy_pii(uuid)
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_records_manager, cms_auditor;
