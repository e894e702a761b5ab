-- 0003's check let a case close without a reason: a NULL reason made the CHECK expression NULL,
-- which PostgreSQL counts as passing. A closed case now needs a reason that is not blank.
SET LOCAL ROLE cms_owner;

-- Cases closed meanwhile without one say so, rather than fail the migration.
UPDATE cms.cases SET closure_reason = 'Not recorded (closed before a reason was required)'
 WHERE closed_on IS NOT NULL AND coalesce(length(btrim(closure_reason)), 0) = 0;
ALTER TABLE cms.cases DROP CONSTRAINT closed_cases_have_a_reason;
ALTER TABLE cms.cases ADD CONSTRAINT closed_cases_have_a_reason
    CHECK (closed_on IS NULL OR coalesce(length(btrim(closure_reason)), 0) > 0);
