-- Restricted cases: one question per statement instead of two. The policies of 0003 and 0005
-- asked "is it my team's?" and "am I a manager?" as two (SELECT ...) InitPlans; each costs the
-- planner a subquery on every statement, measured at about 0.4x of the 0.04 ms a case-by-id
-- lookup takes without the policies (issue: central database, docs/performance.md). Now one
-- function answers "whose restricted cases may I see?" with an array of teams: a manager's is
-- every team, anyone else's their own team or none. Same answers as before, given that a
-- restricted case always has a team (checked below: visible only to "its team and managers",
-- a restricted case without a team was visible to managers alone, which nobody can choose in
-- the client and which the demo data never made).
SET LOCAL ROLE cms_owner;

ALTER TABLE cms.cases ADD CONSTRAINT restricted_case_has_team CHECK (NOT restricted OR team_id IS NOT NULL);

CREATE FUNCTION cms.my_restricted_teams() RETURNS integer[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF pg_has_role(session_user, 'cms_manager', 'MEMBER') THEN
        RETURN (SELECT coalesce(array_agg(id), '{}') FROM cms.teams);
    END IF;
    RETURN (SELECT coalesce(array_agg(team_id), '{}') FROM cms.staff
             WHERE login_role = session_user AND active AND team_id IS NOT NULL);
END
$$;

-- Every policy that asked the two questions, on cases (restricted, team_id) and on the rows of
-- a case (their copies case_restricted, case_team_id), asks the one.
DO $$
DECLARE
    policy record;
    visible text;
BEGIN
    FOR policy IN
        SELECT p.polname, c.relname, pg_get_expr(p.polqual, p.polrelid) AS qual,
               pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
          FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
         WHERE c.relnamespace = 'cms'::regnamespace
           AND (coalesce(pg_get_expr(p.polqual, p.polrelid), '') LIKE '%my_team()%'
                OR coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') LIKE '%my_team()%')
    LOOP
        visible := CASE WHEN policy.relname = 'cases'
                        THEN '(NOT restricted OR team_id = ANY ((SELECT cms.my_restricted_teams())::integer[]))'
                        ELSE '(NOT case_restricted OR case_team_id = ANY ((SELECT cms.my_restricted_teams())::integer[]))'
                   END;
        IF policy.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON cms.%I USING %s', policy.polname, policy.relname, visible);
        END IF;
        IF policy.with_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON cms.%I WITH CHECK %s', policy.polname, policy.relname, visible);
        END IF;
    END LOOP;
END
$$;

-- Tables of case rows added later get the same policy.
CREATE OR REPLACE FUNCTION cms.protect_case_rows(child name, label text, key_column name) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, cms
AS $$
DECLARE
    visible text := '(NOT case_restricted OR case_team_id = ANY ((SELECT cms.my_restricted_teams())::integer[]))';
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

GRANT EXECUTE ON FUNCTION cms.my_restricted_teams() TO cms_staff;
