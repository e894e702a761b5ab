-- The work done on a case: activities and notes, determinations, corrective-action requests and
-- correspondence, including the notification letters sent to firms and individuals about
-- inspection outcomes, testing determinations and requested corrective actions (PIA Q8). Each
-- table has its case's visibility, version, change sequence, audit trigger and policies through
-- cms.protect_case_rows (0005).
SET LOCAL ROLE cms_owner;

CREATE TYPE cms.activity_kind AS ENUM ('note', 'phone_call', 'email', 'meeting', 'site_visit', 'inspection',
                                       'sample_collection', 'other');
CREATE TYPE cms.determination_outcome AS ENUM ('violation', 'no_violation', 'substantial_product_hazard',
                                               'no_hazard_found', 'inconclusive');
CREATE TYPE cms.corrective_action AS ENUM ('recall', 'repair', 'replace', 'refund', 'stop_sale', 'relabel',
                                           'destroy', 'export', 'reconditioning', 'other');
CREATE TYPE cms.corrective_action_status AS ENUM ('requested', 'agreed', 'declined', 'completed', 'withdrawn');
CREATE TYPE cms.correspondence_kind AS ENUM ('notice_of_violation', 'letter_of_advice', 'notification_letter',
                                             'request_for_information', 'firm_response', 'other');
CREATE TYPE cms.correspondence_direction AS ENUM ('outgoing', 'incoming');

CREATE TABLE cms.activities (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    kind            cms.activity_kind NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    summary         text NOT NULL CHECK (length(btrim(summary)) > 0),
    body            text,
    author          name NOT NULL DEFAULT session_user,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0
);
CREATE INDEX activities_case ON cms.activities (case_id, occurred_at);

CREATE TABLE cms.determinations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    sample_id       bigint REFERENCES cms.samples ON DELETE SET NULL,
    product_id      bigint REFERENCES cms.products ON DELETE SET NULL,
    outcome         cms.determination_outcome NOT NULL,
    citation        text, -- the regulation or standard, e.g. 16 CFR 1303
    rationale       text NOT NULL CHECK (length(btrim(rationale)) > 0),
    determined_on   date NOT NULL DEFAULT current_date,
    determined_by   name NOT NULL DEFAULT session_user,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0,
    CONSTRAINT violations_cite_a_rule CHECK (outcome <> 'violation' OR coalesce(length(btrim(citation)), 0) > 0)
);
CREATE INDEX determinations_case ON cms.determinations (case_id);

CREATE TABLE cms.corrective_actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    firm_id         bigint NOT NULL REFERENCES cms.firms,
    determination_id bigint REFERENCES cms.determinations ON DELETE SET NULL,
    action          cms.corrective_action NOT NULL,
    status          cms.corrective_action_status NOT NULL DEFAULT 'requested',
    requested_on    date NOT NULL DEFAULT current_date,
    respond_by      date,
    responded_on    date,
    completed_on    date,
    details         text,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0,
    CONSTRAINT respond_by_after_request CHECK (respond_by IS NULL OR respond_by >= requested_on),
    CONSTRAINT responded_after_request CHECK (responded_on IS NULL OR responded_on >= requested_on),
    CONSTRAINT completed_actions_have_a_date CHECK ((status = 'completed') = (completed_on IS NOT NULL)),
    CONSTRAINT completed_after_request CHECK (completed_on IS NULL OR completed_on >= requested_on)
);
CREATE INDEX corrective_actions_case ON cms.corrective_actions (case_id);
CREATE INDEX corrective_actions_firm ON cms.corrective_actions (firm_id);

-- A letter to a person is addressed through the person record (whose PII stays behind the
-- grant); a letter to a firm names the firm.
CREATE TABLE cms.correspondence (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id              text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    kind                 cms.correspondence_kind NOT NULL,
    direction            cms.correspondence_direction NOT NULL,
    firm_id              bigint REFERENCES cms.firms,
    person_id            uuid REFERENCES cms.people ON DELETE SET NULL,
    corrective_action_id bigint REFERENCES cms.corrective_actions ON DELETE SET NULL,
    determination_id     bigint REFERENCES cms.determinations ON DELETE SET NULL,
    subject              text NOT NULL CHECK (length(btrim(subject)) > 0),
    body                 text,
    dated_on             date NOT NULL DEFAULT current_date,
    recorded_by          name NOT NULL DEFAULT session_user,
    case_restricted      boolean NOT NULL DEFAULT false,
    case_team_id         integer,
    version              integer NOT NULL DEFAULT 1,
    change_seq           bigint NOT NULL DEFAULT 0,
    CONSTRAINT addressed_to_someone CHECK (firm_id IS NOT NULL OR person_id IS NOT NULL),
    CONSTRAINT notifications_go_out CHECK (kind NOT IN ('notice_of_violation', 'letter_of_advice',
                                                        'notification_letter') OR direction = 'outgoing')
);
CREATE INDEX correspondence_case ON cms.correspondence (case_id, dated_on);

-- "My open cases", newest first: the first page without sorting everything the person was ever
-- assigned (0003's index also holds the closed ones, which are most of them in time).
CREATE INDEX cases_open_by_assignee ON cms.cases (assigned_to, opened_on DESC) WHERE status <> 'closed';

-- The server says who wrote a note, made a determination or recorded a letter; a client cannot.
CREATE FUNCTION cms.stamp_author() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user));
    ELSE
        NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[0]));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER stamp_author BEFORE INSERT OR UPDATE ON cms.activities
    FOR EACH ROW EXECUTE FUNCTION cms.stamp_author('author');
CREATE TRIGGER stamp_author BEFORE INSERT OR UPDATE ON cms.determinations
    FOR EACH ROW EXECUTE FUNCTION cms.stamp_author('determined_by');
CREATE TRIGGER stamp_author BEFORE INSERT OR UPDATE ON cms.correspondence
    FOR EACH ROW EXECUTE FUNCTION cms.stamp_author('recorded_by');

SELECT cms.protect_case_rows(name, label, 'id')
  FROM (VALUES ('activities', 'activity'), ('determinations', 'determination'),
               ('corrective_actions', 'corrective action'), ('correspondence', 'letter')) AS t(name, label);

GRANT SELECT ON cms.activities, cms.determinations, cms.corrective_actions, cms.correspondence
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_records_manager, cms_auditor, cms_contractor;
GRANT INSERT, UPDATE, DELETE ON cms.activities, cms.determinations, cms.corrective_actions, cms.correspondence
    TO cms_officer, cms_investigator, cms_manager;
