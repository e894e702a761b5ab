-- The laptops' audit chains (issue: audit trail, offline): each device sends the events it
-- recorded while offline (sql/cache/0002) at the next sync; the server takes them only if they
-- continue the chain it last received from that device, hash by hash (a gap, a reordering or an
-- altered event refuses the whole batch), keeps a refused batch aside for review with the
-- reason, and raises the refusal as an event of its own. Taken events keep the time they
-- happened (occurred_at) beside the time received, name the device, and join the central chain;
-- a checkpoint is written at every ingest. A batch sent again after a lost reply changes nothing.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms_audit.device_heads (
    device        uuid PRIMARY KEY,
    person        name NOT NULL,
    last_position bigint NOT NULL DEFAULT 0,
    last_hash     text NOT NULL DEFAULT repeat('0', 64),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cms_audit.device_quarantine (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device      uuid NOT NULL,
    person      name NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    reason      text NOT NULL,
    events      jsonb NOT NULL
);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.device_quarantine
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
GRANT SELECT ON cms_audit.device_heads, cms_audit.device_quarantine TO cms_auditor;

-- The event's canonical bytes, as core/cache/DeviceAuditChain builds them: its fields joined by
-- the unit separator (0x1F), the details as the device wrote them.
CREATE FUNCTION cms_audit.device_event_hash(event jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$
    SELECT encode(sha256(decode(event->>'prev_hash', 'hex')
                         || convert_to(concat_ws(E'\x1f', event->>'position', event->>'event_type',
                                                 event->>'object_type', event->>'object_id', event->>'outcome',
                                                 event->>'occurred_at', event->>'details'), 'UTF8')), 'hex')
$$;

CREATE FUNCTION cms_audit.ingest_device_events(from_device uuid, events jsonb)
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
        ELSIF event->>'event_type' NOT IN ('auth.sign_in', 'auth.lock', 'auth.unlock', 'auth.sign_out', 'case.open',
                                           'case.edit_offline', 'search.cases')
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
REVOKE ALL ON FUNCTION cms_audit.ingest_device_events(uuid, jsonb), cms_audit.device_event_hash(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms_audit.ingest_device_events(uuid, jsonb)
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_records_manager, cms_auditor;
