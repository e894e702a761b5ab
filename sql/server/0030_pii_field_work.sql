-- PII for field work (issue: offline field work, "PII only for PII-holders"): a PII-holder's
-- laptop takes the PII of the people of their checked-out cases into its encrypted cache, so the
-- people tab reveals a field offline as it does online. Taking it is itself recorded: one
-- `pii.checkout` event per case (how many people, which fields; never a value), and a refusal
-- for anyone without the grant. A reveal made offline is recorded in the laptop's chain and
-- arrives as `pii.reveal` with the device's marks at the next sync.
--
-- Found on the way: cms.reveal_pii checked a person's visibility with the restricted-case rule
-- only, so a contractor holding the PII grant could read PII of a case not shared with them by
-- naming the person's id. Both functions now ask cms.person_visible, which follows the policies
-- (contractors: shared cases only).
SET LOCAL ROLE cms_owner;

-- The policies' rule for one person's row, for the SECURITY DEFINER functions that read PII as
-- their owner.
CREATE FUNCTION cms.person_visible(person uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    SELECT coalesce((SELECT CASE WHEN pg_has_role(session_user, 'cms_contractor', 'MEMBER')
                                 THEN p.case_id = ANY (cms.my_shared_cases())
                                 ELSE NOT p.case_restricted OR p.case_team_id = ANY (cms.my_restricted_teams()) END
                       FROM cms.people p WHERE p.id = person), false)
$$;
REVOKE ALL ON FUNCTION cms.person_visible(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION cms.reveal_pii(person uuid, field text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    value text;
BEGIN
    IF field IS NULL OR field NOT IN ('full_name', 'title', 'email', 'phone', 'address') THEN
        RAISE EXCEPTION 'There is no PII field "%".', field USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'refused',
                                       jsonb_build_object('field', field, 'cause', 'no PII grant'));
        RETURN NULL;
    END IF;
    IF NOT cms.person_visible(person) THEN
        PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'refused',
                                       jsonb_build_object('field', field, 'cause', 'not visible'));
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT %I FROM cms.people_pii WHERE person_id = $1', field) INTO value USING person;
    PERFORM cms_audit.record_event('pii.reveal', 'person', person::text, 'success',
                                   jsonb_build_object('field', field));
    RETURN value;
END
$$;

-- The PII of the given people that the caller may see, for their field-work cache; one event per
-- case. Without the grant: nothing, and the refusal recorded (the client asks only for
-- PII-holders, so a refusal means a modified client or a grant withdrawn meanwhile).
CREATE FUNCTION cms.checkout_pii(persons uuid[])
    RETURNS TABLE (person_id uuid, full_name text, title text, email text, phone text, address text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    taken record;
    kFields constant jsonb := '["full_name", "title", "email", "phone", "address"]';
BEGIN
    IF NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        PERFORM cms_audit.record_event('pii.checkout', 'cms.cases', NULL, 'refused',
                                       jsonb_build_object('people', cardinality(persons), 'cause', 'no PII grant'));
        RETURN;
    END IF;
    FOR taken IN SELECT p.case_id, count(*) AS people FROM cms.people p
                  WHERE p.id = ANY (persons) AND cms.person_visible(p.id)
                  GROUP BY p.case_id ORDER BY p.case_id LOOP
        PERFORM cms_audit.record_event('pii.checkout', 'cms.cases', taken.case_id, 'success',
                                       jsonb_build_object('case_id', taken.case_id, 'people', taken.people,
                                                          'fields', kFields));
    END LOOP;
    RETURN QUERY SELECT i.person_id, i.full_name, i.title, i.email, i.phone, i.address
                   FROM cms.people_pii i
                  WHERE i.person_id = ANY (persons) AND cms.person_visible(i.person_id);
END
$$;
REVOKE ALL ON FUNCTION cms.checkout_pii(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms.checkout_pii(uuid[]) TO cms_staff;

-- What a laptop may record in its chain: a table rather than a list inside the ingest function,
-- so that a new kind of offline event is a row, not a new copy of the function.
CREATE TABLE cms_audit.device_event_types (event_type text PRIMARY KEY);
INSERT INTO cms_audit.device_event_types
VALUES ('auth.sign_in'), ('auth.lock'), ('auth.unlock'), ('auth.sign_out'), ('case.open'), ('case.edit_offline'),
       ('search.cases'), ('pii.reveal');
GRANT SELECT ON cms_audit.device_event_types TO cms_auditor;

-- The ingest of 0026, reading that table.
CREATE OR REPLACE FUNCTION cms_audit.ingest_device_events(from_device uuid, events jsonb)
    RETURNS TABLE (ingested integer, refusal text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    head cms_audit.device_heads;
    event jsonb;
    details jsonb;
    cause text;
    position_now bigint;
    hash_now text;
    taken integer := 0;
BEGIN
    IF jsonb_typeof(events) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'Device events come as a JSON array.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cms_audit.device_heads (device, person) VALUES (from_device, session_user)
        ON CONFLICT (device) DO NOTHING;
    SELECT * INTO head FROM cms_audit.device_heads h WHERE h.device = from_device FOR UPDATE;
    position_now := head.last_position;
    hash_now := head.last_hash;
    IF head.person <> session_user THEN
        cause := 'This device''s chain belongs to another person.';
    END IF;
    -- Everything is checked before anything is taken.
    FOR event IN SELECT e.value FROM jsonb_array_elements(events) AS e WHERE cause IS NULL LOOP
        IF jsonb_typeof(event->'position') IS DISTINCT FROM 'number' THEN
            cause := 'An event has no position.';
        ELSIF (event->>'position')::bigint <= head.last_position THEN
            -- Received before (a reply was lost): it must be the same event, which its hash proves
            -- at the position last received.
            IF (event->>'position')::bigint = head.last_position AND event->>'hash' IS DISTINCT FROM head.last_hash THEN
                cause := format('Event %s differs from the one received before at that position.', event->>'position');
            END IF;
            CONTINUE;
        ELSIF (event->>'position')::bigint <> position_now + 1 THEN
            cause := format('Event %s does not follow event %s (a gap or a reordering).', event->>'position', position_now);
        ELSIF event->>'prev_hash' IS DISTINCT FROM hash_now THEN
            cause := format('Event %s does not continue the chain received from this device.', event->>'position');
        ELSIF cms_audit.device_event_hash(event) IS DISTINCT FROM event->>'hash' THEN
            cause := format('Event %s was altered: its hash does not match its content.', event->>'position');
        ELSIF NOT EXISTS (SELECT FROM cms_audit.device_event_types t WHERE t.event_type = event->>'event_type')
              OR event->>'outcome' NOT IN ('success', 'failure', 'refused') THEN
            cause := format('Event %s is not one a device records (%s, %s).', event->>'position', event->>'event_type',
                            event->>'outcome');
        ELSIF event->>'occurred_at' !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$' THEN
            cause := format('Event %s has no UTC time.', event->>'position');
        ELSE
            BEGIN
                details := (event->>'details')::jsonb;
            EXCEPTION WHEN others THEN
                details := NULL;
            END;
            IF jsonb_typeof(details) IS DISTINCT FROM 'object' THEN
                cause := format('Event %s has details that are not a JSON object.', event->>'position');
            END IF;
        END IF;
        position_now := (event->>'position')::bigint;
        hash_now := event->>'hash';
    END LOOP;
    IF cause IS NOT NULL THEN
        INSERT INTO cms_audit.device_quarantine (device, person, reason, events)
        VALUES (from_device, session_user, cause, events);
        PERFORM cms_audit.record_event('audit.device_chain_refused', 'device', from_device::text, 'refused',
                                       jsonb_build_object('reason', cause, 'events', jsonb_array_length(events),
                                                          'last_received', head.last_position));
        RETURN QUERY SELECT 0, cause;
        RETURN;
    END IF;
    FOR event IN SELECT e.value FROM jsonb_array_elements(events) AS e
                  WHERE (e.value->>'position')::bigint > head.last_position
                  ORDER BY (e.value->>'position')::bigint LOOP
        INSERT INTO cms_audit.events (occurred_at, event_type, object_type, object_id, outcome, details)
        VALUES ((event->>'occurred_at')::timestamptz, event->>'event_type', nullif(event->>'object_type', ''),
                nullif(event->>'object_id', ''), event->>'outcome',
                (event->>'details')::jsonb || jsonb_build_object('device', from_device, 'device_position',
                                                                 (event->>'position')::bigint, 'offline', true));
        taken := taken + 1;
    END LOOP;
    IF taken > 0 THEN
        UPDATE cms_audit.device_heads h SET last_position = position_now, last_hash = hash_now, updated_at = now()
         WHERE h.device = from_device;
        PERFORM cms_audit.write_checkpoint();
    END IF;
    RETURN QUERY SELECT taken, NULL::text;
END
$$;
