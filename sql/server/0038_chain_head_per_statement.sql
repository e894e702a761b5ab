-- The central chain's head moved once a statement instead of once an event (issue: audit trail,
-- "ingest of a 10,000-event offline batch <= 2 s").
--
-- Each event's link used to read and update the one row of cms_audit.chain_head. Updated many
-- times in one transaction, that row leaves a version per update, which the next event's read
-- walks through (and, once the table had grown, a scan of every page of it): 500 events of a
-- laptop's batch took 120 ms, 2,000 in one statement four times 500's. Now:
-- - chain_head is still locked by every event (FOR UPDATE, by key), which keeps the chain linear
--   under concurrent writers as before; the link continues from the chain's last event (the
--   unique index on chain_position), or from chain_head if that is further (events cut off the
--   end stay a gap that `audit verify` reports, as before);
-- - chain_head is moved to the statement's last event by a statement trigger, so that it says
--   where the chain reached after every statement, as `audit verify` and the checkpoints read it
--   (a REPEATABLE READ writer meeting a concurrent one still fails to serialize on it).
-- - a laptop's events go in as one INSERT ... SELECT in the device's order.
SET LOCAL ROLE cms_owner;

CREATE OR REPLACE FUNCTION cms_audit.chain_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    head_position bigint;
    head_hash bytea;
    last_position bigint;
    last_hash bytea;
BEGIN
    SELECT h.position, h.hash INTO head_position, head_hash FROM cms_audit.chain_head h WHERE h.only_row FOR UPDATE;
    -- Rows this statement inserted before are seen here (a row trigger sees the rows before it).
    SELECT e.chain_position, e.hash INTO last_position, last_hash
      FROM cms_audit.events e ORDER BY e.chain_position DESC LIMIT 1;
    IF last_position > head_position THEN
        head_position := last_position;
        head_hash := last_hash;
    END IF;
    NEW.chain_position := head_position + 1;
    NEW.prev_hash := head_hash;
    NEW.hash := sha256(head_hash || cms_audit.canonical(NEW));
    RETURN NEW;
END
$$;

CREATE FUNCTION cms_audit.chain_head_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
BEGIN
    UPDATE cms_audit.chain_head h SET position = a.chain_position, hash = a.hash
      FROM (SELECT n.chain_position, n.hash FROM added n ORDER BY n.chain_position DESC LIMIT 1) a
     WHERE h.only_row;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION cms_audit.chain_head_moved() FROM PUBLIC;
CREATE TRIGGER chain_head AFTER INSERT ON cms_audit.events REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION cms_audit.chain_head_moved();

CREATE OR REPLACE FUNCTION cms_audit.ingest_device_events(from_device uuid, events jsonb, signature bytea)
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
    last_sent bigint := 0;
    last_sent_hash text;
    serial text := (SELECT s.certificate_serial FROM cms.staff s WHERE s.login_role = session_user AND s.active);
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
        IF (event->>'position')::bigint > head.last_position THEN
            position_now := (event->>'position')::bigint;
            hash_now := event->>'hash';
        END IF;
        IF (event->>'position')::bigint >= last_sent THEN
            last_sent := (event->>'position')::bigint;
            last_sent_hash := event->>'hash';
        END IF;
    END LOOP;
    IF cause IS NULL AND (serial IS NULL OR signature IS NULL
                          OR NOT cms_audit.signed_by(session_user, serial,
                                                     cms_audit.device_batch_digest(from_device, last_sent,
                                                                                   coalesce(last_sent_hash, '')),
                                                     signature)) THEN
        cause := 'The batch is not signed by the card on record for this person.';
    END IF;
    IF cause IS NOT NULL THEN
        INSERT INTO cms_audit.device_quarantine (device, person, reason, events)
        VALUES (from_device, session_user, cause, events);
        PERFORM cms_audit.record_event('audit.device_chain_refused', 'device', from_device::text, 'refused',
                                       jsonb_build_object('reason', cause, 'events', jsonb_array_length(events),
                                                          'last_received', head.last_position));
        RETURN QUERY SELECT 0, cause;
        RETURN;
    END IF;
    -- One statement, in the device's order: the chain's head moves once.
    INSERT INTO cms_audit.events (occurred_at, event_type, object_type, object_id, outcome, details)
    SELECT (e.value->>'occurred_at')::timestamptz, e.value->>'event_type', nullif(e.value->>'object_type', ''),
           nullif(e.value->>'object_id', ''), e.value->>'outcome',
           (e.value->>'details')::jsonb || jsonb_build_object('device', from_device, 'device_position',
                                                              (e.value->>'position')::bigint, 'device_hash',
                                                              e.value->>'hash', 'offline', true)
      FROM jsonb_array_elements(events) AS e
     WHERE (e.value->>'position')::bigint > head.last_position
     ORDER BY (e.value->>'position')::bigint;
    GET DIAGNOSTICS taken = ROW_COUNT;
    IF taken > 0 THEN
        INSERT INTO cms_audit.device_batches (device, person, certificate_serial, first_position, last_position,
                                              last_hash, signature)
        VALUES (from_device, session_user, serial, head.last_position + 1, position_now, hash_now, signature);
        UPDATE cms_audit.device_heads h SET last_position = position_now, last_hash = hash_now, updated_at = now()
         WHERE h.device = from_device;
        PERFORM cms_audit.write_checkpoint();
    END IF;
    RETURN QUERY SELECT taken, NULL::text;
END
$$;
