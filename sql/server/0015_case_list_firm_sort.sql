-- The case list sorts by firm in SQL like by any other column (issue: case work): each case
-- carries its lead firm (the one the list shows: first by role, then by name), kept by triggers
-- on the case's firms and on firm names, with an index for the list's order.
SET LOCAL ROLE cms_owner;

ALTER TABLE cms.cases ADD COLUMN lead_firm text;

-- The firm the case list shows for a case. Names compare bytewise (COLLATE "C") so that the demo
-- seeder, which writes the column itself, picks the same firm.
CREATE FUNCTION cms.lead_firm_of(of_case text) RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, cms
AS $$
    SELECT fi.name
      FROM cms.case_firms cf JOIN cms.firms fi ON fi.id = cf.firm_id
     WHERE cf.case_id = of_case
     ORDER BY cf.firm_role, fi.name COLLATE "C", fi.id
     LIMIT 1
$$;

-- Sets the cases' lead firm where it differs. As the owner: a person who may add a firm to a case
-- changes its lead firm too (the case's version moves on, as for any change of the case, and the
-- audit trigger records it).
CREATE FUNCTION cms.refresh_lead_firm(of_cases text[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    UPDATE cms.cases c SET lead_firm = cms.lead_firm_of(c.id), version = c.version
     WHERE c.id = ANY (of_cases) AND c.lead_firm IS DISTINCT FROM cms.lead_firm_of(c.id)
$$;

CREATE FUNCTION cms.follow_case_firms() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    PERFORM cms.refresh_lead_firm(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.case_id END,
                                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.case_id END]);
    RETURN NULL;
END
$$;
CREATE TRIGGER follow_lead_firm AFTER INSERT OR UPDATE OF case_id, firm_id, firm_role OR DELETE ON cms.case_firms
    FOR EACH ROW EXECUTE FUNCTION cms.follow_case_firms();

CREATE FUNCTION cms.follow_firm_name() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    PERFORM cms.refresh_lead_firm(ARRAY(SELECT cf.case_id FROM cms.case_firms cf WHERE cf.firm_id = NEW.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER follow_lead_firm AFTER UPDATE OF name ON cms.firms
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION cms.follow_firm_name();

-- Existing cases: derived data, not a person's change, so the row triggers (version, audit,
-- notifications) stay out of it.
ALTER TABLE cms.cases DISABLE TRIGGER USER;
UPDATE cms.cases c SET lead_firm = cms.lead_firm_of(c.id)
 WHERE EXISTS (SELECT FROM cms.case_firms cf WHERE cf.case_id = c.id);
ALTER TABLE cms.cases ENABLE TRIGGER USER;

CREATE INDEX cases_list_firm ON cms.cases (lead_firm, id) INCLUDE (restricted, team_id, status, case_type);

REVOKE ALL ON FUNCTION cms.lead_firm_of(text), cms.refresh_lead_firm(text[]), cms.follow_case_firms(),
    cms.follow_firm_name() FROM PUBLIC;
