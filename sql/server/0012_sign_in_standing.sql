-- Privacy training and the rules of behavior (PIA Q23): the server keeps each person's last
-- privacy-training date (recorded by the operator, `cmsadmin person training`) and when they
-- last accepted the rules of behavior (recorded by the client, through the function below, once
-- a year). Dates are the server's: a laptop's clock decides nothing here.
SET LOCAL ROLE cms_owner;

ALTER TABLE cms.staff
    ADD COLUMN privacy_training_on date,
    ADD COLUMN rules_accepted_at timestamptz;

-- Where the signed-in person stands: training within 365 days lets them in; rules accepted
-- within 365 days spares them the rules this time.
CREATE FUNCTION cms.my_standing(OUT privacy_training_on date, OUT training_current boolean,
                                OUT rules_accepted_at timestamptz, OUT rules_due boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    SELECT s.privacy_training_on,
           coalesce(s.privacy_training_on > current_date - 365, false),
           s.rules_accepted_at,
           s.rules_accepted_at IS NULL OR s.rules_accepted_at <= now() - interval '365 days'
      FROM cms.staff s
     WHERE s.login_role = session_user AND s.active
$$;

-- The signed-in person accepts the rules of behavior shown to them (their version, e.g. its
-- date or digest, goes to the audit trail with the acceptance).
CREATE FUNCTION cms.accept_rules_of_behavior(rules_version text) RETURNS timestamptz
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
BEGIN
    IF length(btrim(coalesce(rules_version, ''))) = 0 THEN
        RAISE EXCEPTION 'Name the version of the rules of behavior that was accepted.'
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE cms.staff SET rules_accepted_at = now() WHERE login_role = session_user AND active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No active person is signed in.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM cms_audit.record_event('auth.rules_accepted', 'person', session_user, 'success',
                                   jsonb_build_object('rules_version', rules_version));
    RETURN now();
END
$$;

GRANT EXECUTE ON FUNCTION cms.my_standing(), cms.accept_rules_of_behavior(text) TO cms_staff;
