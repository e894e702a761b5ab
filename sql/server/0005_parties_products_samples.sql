-- The parts of a case: firms and their role on it, products, samples, and people, whose PII lives
-- in its own table that only PII-holders can read; everyone else reads masked values (PIA Q1,
-- Q8-Q10, Q13-Q15, Q27). Each person record carries its source and, per field, whether the
-- person declined to provide it. Corrections of PII keep who, when, why and the prior value's
-- digest. Activities, determinations, corrective actions and correspondence follow.
--
-- Rows that belong to a case carry a copy of the case's visibility (restricted, team) kept by
-- triggers, so that their policies have the same cheap shape as the case's own: an indexed
-- column compared with (SELECT ...), never a per-row lookup of the case. Their case_id is plain
-- text: the foreign key already proves it is a case's id, so the domain's check (the case's own
-- id) is not paid again on every row of every case.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA cms;
SET LOCAL ROLE cms_owner;

CREATE FUNCTION cms.inherit_case_visibility() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    is_restricted boolean;
    team integer;
BEGIN
    SELECT c.restricted, c.team_id INTO is_restricted, team FROM cms.cases c WHERE c.id = NEW.case_id;
    NEW.case_restricted := coalesce(is_restricted, false);
    NEW.case_team_id := team;
    RETURN NEW;
END
$$;

-- Masks shown to those without the PII grant: `J*** D**`, `***-***-1234`, `j***@e***.gov`.
-- core/model/PiiMask computes the same for bulk loads; a test holds the two together.
-- Plain SQL expressions, not STRICT, so that PostgreSQL inlines them (a bulk load pays a few
-- microseconds a row instead of a function call's setup).
CREATE FUNCTION cms.mask_name(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT regexp_replace(btrim(regexp_replace(value, '\s+', ' ', 'g')), '(?<=\S)\S', '*', 'g') $$;
CREATE FUNCTION cms.mask_phone(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN value IS NULL THEN NULL ELSE '***-***-' || right(regexp_replace(value, '\D', '', 'g'), 4) END $$;
CREATE FUNCTION cms.mask_email(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN value IS NULL THEN NULL
                ELSE left(value, 1) || '***@' || left(split_part(value, '@', 2), 1) || '***.'
                     || regexp_replace(split_part(value, '@', 2), '^.*\.', '') END
$$;
CREATE FUNCTION cms.mask_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN value IS NULL THEN NULL ELSE '***' END $$;

-- UPC-A / GTIN-12: twelve digits, the last a check digit (odd positions weigh 3). ascii() - 48
-- is the digit; the 24 digits' offsets are taken off at once.
CREATE FUNCTION cms.upc_is_valid(upc text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT upc ~ '^[0-9]{12}$'
       AND (3 * (ascii(substr(upc, 1, 1)) + ascii(substr(upc, 3, 1)) + ascii(substr(upc, 5, 1))
                 + ascii(substr(upc, 7, 1)) + ascii(substr(upc, 9, 1)) + ascii(substr(upc, 11, 1)))
            + ascii(substr(upc, 2, 1)) + ascii(substr(upc, 4, 1)) + ascii(substr(upc, 6, 1))
            + ascii(substr(upc, 8, 1)) + ascii(substr(upc, 10, 1)) + ascii(substr(upc, 12, 1)) - 48 * 24) % 10 = 0
$$;

CREATE TYPE cms.firm_role AS ENUM ('manufacturer', 'importer', 'distributor', 'retailer', 'online_seller',
                                   'third_party_platform');
CREATE TYPE cms.person_kind AS ENUM ('contact', 'purchaser', 'incident_involved', 'next_of_kin', 'agency_employee');
CREATE TYPE cms.record_source AS ENUM ('individual', 'import_documents', 'other_agency', 'third_party_platform',
                                       'section_15b_report');

CREATE TABLE cms.firms (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) > 0),
    address     text,
    city        text,
    region      text,
    postal_code text,
    country     text NOT NULL DEFAULT 'US',
    phone       text,
    version     integer NOT NULL DEFAULT 1,
    change_seq  bigint NOT NULL DEFAULT 0
);
CREATE INDEX firms_name_trgm ON cms.firms USING gin (name cms.gin_trgm_ops);

CREATE TABLE cms.case_firms (
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    firm_id         bigint NOT NULL REFERENCES cms.firms,
    firm_role       cms.firm_role NOT NULL,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, firm_id, firm_role)
);
CREATE INDEX case_firms_firm ON cms.case_firms (firm_id);

CREATE TABLE cms.products (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(btrim(name)) > 0),
    brand           text,
    model           text,
    style           text,
    upc             text CONSTRAINT upc_check_digit CHECK (upc IS NULL OR cms.upc_is_valid(upc)),
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0
);
CREATE INDEX products_case ON cms.products (case_id);
CREATE INDEX products_search_trgm ON cms.products USING gin ((coalesce(name, '') || ' ' || coalesce(brand, '') || ' '
                                                             || coalesce(model, '')) cms.gin_trgm_ops);

CREATE TABLE cms.samples (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    product_id      bigint REFERENCES cms.products ON DELETE SET NULL,
    sample_number   text NOT NULL UNIQUE CHECK (length(btrim(sample_number)) > 0),
    collected_on    date NOT NULL,
    port_of_entry   text,
    collector       name REFERENCES cms.staff (login_role),
    ifs_reference   text,
    test_result     text,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0
);
CREATE INDEX samples_case ON cms.samples (case_id);
CREATE INDEX samples_ifs_reference ON cms.samples (ifs_reference);

-- A person on a case, without PII: what kind of person, where the record came from, which
-- fields they declined to give, and the masked values.
CREATE TABLE cms.people (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    kind            cms.person_kind NOT NULL,
    member_of_public boolean GENERATED ALWAYS AS (kind <> 'agency_employee') STORED,
    firm_id         bigint REFERENCES cms.firms,
    source          cms.record_source NOT NULL,
    declined_fields text[] NOT NULL DEFAULT '{}'
        CONSTRAINT declined_fields_known CHECK (declined_fields <@ ARRAY['full_name', 'title', 'email', 'phone',
                                                                         'address']),
    name_masked     text,
    title_masked    text,
    email_masked    text,
    phone_masked    text,
    address_masked  text,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0,
    -- PIA Q15: a 15(b) reporter must provide the information; only others may decline.
    CONSTRAINT section_15b_reporters_do_not_decline CHECK (source <> 'section_15b_report' OR declined_fields = '{}')
);
CREATE INDEX people_case ON cms.people (case_id);

CREATE TABLE cms.people_pii (
    person_id       uuid PRIMARY KEY REFERENCES cms.people ON DELETE CASCADE,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    full_name       text,
    title           text,
    email           text CONSTRAINT email_shape CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    phone           text CONSTRAINT phone_shape CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ().-]{7,20}$'),
    address         text,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer,
    version         integer NOT NULL DEFAULT 1,
    change_seq      bigint NOT NULL DEFAULT 0
);
CREATE INDEX people_pii_case ON cms.people_pii (case_id);
CREATE INDEX people_pii_name_trgm ON cms.people_pii USING gin (full_name cms.gin_trgm_ops);

CREATE TABLE cms.pii_corrections (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       uuid NOT NULL REFERENCES cms.people ON DELETE CASCADE,
    case_id         text NOT NULL REFERENCES cms.cases ON DELETE CASCADE,
    field           text NOT NULL CHECK (field IN ('full_name', 'title', 'email', 'phone', 'address')),
    reason          text NOT NULL CHECK (length(btrim(reason)) > 0),
    prior_digest    text NOT NULL, -- SHA-256 of the prior value, never the value
    corrected_at    timestamptz NOT NULL DEFAULT now(),
    corrected_by    name NOT NULL DEFAULT session_user,
    case_restricted boolean NOT NULL DEFAULT false,
    case_team_id    integer
);
CREATE INDEX pii_corrections_person ON cms.pii_corrections (person_id, corrected_at);

-- The masked copy follows the PII.
CREATE FUNCTION cms.mask_person() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    UPDATE cms.people
       SET name_masked = cms.mask_name(NEW.full_name), title_masked = cms.mask_text(NEW.title),
           email_masked = cms.mask_email(NEW.email), phone_masked = cms.mask_phone(NEW.phone),
           address_masked = cms.mask_text(NEW.address)
     WHERE id = NEW.person_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION cms.check_pii_case() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM cms.people WHERE id = NEW.person_id AND case_id = NEW.case_id) THEN
        RAISE EXCEPTION 'The PII belongs to a person of another case.' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

-- A change of a case's restriction or team reaches the rows that belong to it: every table of
-- schema cms that carries the copy (case_restricted), so later migrations need not list theirs.
CREATE FUNCTION cms.spread_case_visibility() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    child name;
BEGIN
    FOR child IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                  WHERE c.relnamespace = 'cms'::regnamespace AND c.relkind = 'r'
                    AND a.attname = 'case_restricted' AND NOT a.attisdropped LOOP
        EXECUTE format('UPDATE cms.%I SET case_restricted = $1, case_team_id = $2 WHERE case_id = $3', child)
            USING NEW.restricted, NEW.team_id, NEW.id;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER spread_visibility AFTER UPDATE OF restricted, team_id ON cms.cases
    FOR EACH ROW WHEN (OLD.restricted IS DISTINCT FROM NEW.restricted OR OLD.team_id IS DISTINCT FROM NEW.team_id)
    EXECUTE FUNCTION cms.spread_case_visibility();

CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON cms.firms FOR EACH ROW EXECUTE FUNCTION cms.stamp_row('firm');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.firms
    FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change('id');
CREATE TRIGGER check_case BEFORE INSERT OR UPDATE OF person_id, case_id ON cms.people_pii
    FOR EACH ROW EXECUTE FUNCTION cms.check_pii_case();
CREATE TRIGGER mask AFTER INSERT OR UPDATE ON cms.people_pii FOR EACH ROW EXECUTE FUNCTION cms.mask_person();

-- What every row of a case shares: its case's visibility, version stamping (unless label is
-- empty: append-only rows), the audit trigger keyed by key_column, and the policies: case
-- workers read their cases' rows (restricted ones only in their team or as managers),
-- contractors those of shared cases, and officers, investigators and managers write them.
-- Only the owner runs it (migrations); later migrations call it for their tables.
CREATE FUNCTION cms.protect_case_rows(child name, label text, key_column name) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    visible text := '(NOT case_restricted OR case_team_id = (SELECT cms.my_team()) OR (SELECT cms.i_manage()))';
BEGIN
    -- On every update, not only of case_id: the copy is the policies' input, so no client may set it.
    EXECUTE format('CREATE TRIGGER inherit_visibility BEFORE INSERT OR UPDATE ON cms.%I '
                   'FOR EACH ROW EXECUTE FUNCTION cms.inherit_case_visibility()', child);
    IF label <> '' THEN
        EXECUTE format('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON cms.%I '
                       'FOR EACH ROW EXECUTE FUNCTION cms.stamp_row(%L)', child, label);
    END IF;
    EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON cms.%I '
                   'FOR EACH ROW EXECUTE FUNCTION cms_audit.record_row_change(%L)', child, key_column);
    EXECUTE format('ALTER TABLE cms.%I ENABLE ROW LEVEL SECURITY', child);
    EXECUTE format('CREATE POLICY staff_read ON cms.%I FOR SELECT TO cms_officer, cms_investigator, cms_analyst, '
                   'cms_manager, cms_records_manager, cms_auditor USING %s', child, visible);
    EXECUTE format('CREATE POLICY contractor_read ON cms.%I FOR SELECT TO cms_contractor '
                   'USING (case_id = ANY ((SELECT cms.my_shared_cases())::text[]))', child);
    EXECUTE format('CREATE POLICY case_workers_write ON cms.%I FOR ALL TO cms_officer, cms_investigator, '
                   'cms_manager USING %s WITH CHECK %s', child, visible, visible);
    EXECUTE format('CREATE INDEX %I ON cms.%I (case_team_id) WHERE case_restricted', child || '_restricted', child);
END
$$;

SELECT cms.protect_case_rows(name, label, key_column)
  FROM (VALUES ('case_firms', 'case firm', 'case_id'), ('products', 'product', 'id'), ('samples', 'sample', 'id'),
               ('people', 'person', 'id'), ('people_pii', 'person', 'person_id'), ('pii_corrections', '', 'id'))
       AS t(name, label, key_column);

-- Firms are shared by cases; contractors see only those of their shared cases.
ALTER TABLE cms.firms ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION cms.my_shared_firms() RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    SELECT coalesce(array_agg(DISTINCT cf.firm_id), '{}')
      FROM cms.case_firms cf JOIN cms.case_shares s ON s.case_id = cf.case_id
     WHERE s.login_role = session_user
$$;
CREATE POLICY staff_read ON cms.firms FOR SELECT TO cms_officer, cms_investigator, cms_analyst, cms_manager,
    cms_records_manager, cms_auditor USING (true);
CREATE POLICY contractor_read ON cms.firms FOR SELECT TO cms_contractor
    USING (id = ANY ((SELECT cms.my_shared_firms())::bigint[]));
CREATE POLICY case_workers_write ON cms.firms FOR ALL TO cms_officer, cms_investigator, cms_manager
    USING (true) WITH CHECK (true);

-- PII correction (PIA Q13): officers and investigators holding the PII grant, with a reason;
-- the prior value is kept only as its digest. The person's visibility is checked with the same
-- rule as the policies, since this function reads as its owner.
CREATE FUNCTION cms.correct_pii(person uuid, field text, corrected_value text, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    target cms.people_pii;
    prior text;
BEGIN
    IF NOT (pg_has_role(session_user, 'cms_pii_holder', 'MEMBER')
            AND (pg_has_role(session_user, 'cms_officer', 'MEMBER')
                 OR pg_has_role(session_user, 'cms_investigator', 'MEMBER'))) THEN
        RAISE EXCEPTION 'Only officers and investigators with PII access may correct PII.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF field NOT IN ('full_name', 'title', 'email', 'phone', 'address') THEN
        RAISE EXCEPTION '% is not a PII field.', field USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reason IS NULL OR length(btrim(reason)) = 0 THEN
        RAISE EXCEPTION 'A correction needs its reason.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO target FROM cms.people_pii p
     WHERE p.person_id = person
       AND (NOT p.case_restricted OR p.case_team_id = cms.my_team() OR cms.i_manage());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No person % that you may see.', person USING ERRCODE = 'no_data_found';
    END IF;
    EXECUTE format('SELECT ($1).%I', field) INTO prior USING target;
    INSERT INTO cms.pii_corrections (person_id, case_id, field, reason, prior_digest)
    VALUES (person, target.case_id, field, reason, encode(sha256(convert_to(coalesce(prior, ''), 'UTF8')), 'hex'));
    EXECUTE format('UPDATE cms.people_pii SET %I = $1 WHERE person_id = $2', field) USING corrected_value, person;
END
$$;

GRANT SELECT ON cms.firms, cms.case_firms, cms.products, cms.samples, cms.people
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_records_manager, cms_auditor, cms_contractor;
GRANT INSERT, UPDATE ON cms.firms TO cms_officer, cms_investigator, cms_manager;
GRANT INSERT, UPDATE, DELETE ON cms.case_firms, cms.products, cms.samples TO cms_officer, cms_investigator, cms_manager;
GRANT INSERT (id, case_id, kind, firm_id, source, declined_fields), DELETE ON cms.people
    TO cms_officer, cms_investigator, cms_manager;
GRANT UPDATE (kind, firm_id, source, declined_fields, version) ON cms.people
    TO cms_officer, cms_investigator, cms_manager;
-- PII: read and entered only with the PII grant; changed only through cms.correct_pii.
GRANT SELECT, INSERT ON cms.people_pii TO cms_pii_holder;
GRANT SELECT ON cms.pii_corrections TO cms_officer, cms_investigator, cms_manager, cms_auditor;
GRANT EXECUTE ON FUNCTION cms.correct_pii(uuid, text, text, text) TO cms_officer, cms_investigator;
GRANT EXECUTE ON FUNCTION cms.upc_is_valid(text), cms.mask_name(text), cms.mask_phone(text), cms.mask_email(text),
    cms.mask_text(text), cms.my_shared_firms() TO cms_staff;
