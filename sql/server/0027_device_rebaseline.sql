-- Re-baselining a laptop's audit chain after review (issue: audit trail, offline). Once the
-- server refuses a device's batch (0026), every later batch of that device is refused too: it
-- continues the device's own chain, not the one the server last received. An auditor who has
-- reviewed the set-aside batch says so, with a reason: the server then expects the device's chain
-- to go on from the last event of that batch. The set-aside events stay in quarantine, never in
-- the central chain; the review is kept (append-only) and recorded as an event, a refusal too.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms_audit.device_rebaselines (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device        uuid NOT NULL,
    quarantine_id bigint NOT NULL REFERENCES cms_audit.device_quarantine (id),
    -- The device positions that never joined the central chain: those after the last received
    -- up to the batch's last event.
    skipped_from  bigint NOT NULL,
    skipped_to    bigint NOT NULL,
    reviewed_by   name NOT NULL DEFAULT session_user,
    reviewed_at   timestamptz NOT NULL DEFAULT now(),
    reason        text NOT NULL
);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.device_rebaselines
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
GRANT SELECT ON cms_audit.device_rebaselines TO cms_auditor;

-- Refused (recorded; its words returned, since an error would roll the record back) without a
-- reason of some words, for an unknown batch, for a batch that is not the device's latest (the
-- device has gone on past it: review the latest), for the reviewer's own device, for another
-- person's batch (not a break of this device's chain), or for a batch whose last event has no
-- position or hash, or a hash that is not its own (the baseline must at least be a real event).
-- The positions skipped are shown to the reviewer (cmsadmin audit quarantine) before this runs.
CREATE FUNCTION cms_audit.rebaseline_device(quarantined bigint, why text)
    RETURNS TABLE (device uuid, skipped_from bigint, skipped_to bigint, refusal text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    batch cms_audit.device_quarantine;
    head cms_audit.device_heads;
    last_event jsonb;
    cause text;
BEGIN
    SELECT * INTO batch FROM cms_audit.device_quarantine q WHERE q.id = quarantined;
    IF FOUND THEN
        SELECT * INTO head FROM cms_audit.device_heads h WHERE h.device = batch.device FOR UPDATE;
        -- A position that is not a whole number (one reason a batch is set aside) sorts last.
        SELECT e.value INTO last_event FROM jsonb_array_elements(batch.events) AS e
         ORDER BY CASE WHEN e.value->>'position' ~ '^[0-9]{1,18}$' THEN (e.value->>'position')::bigint END
                  DESC NULLS LAST
         LIMIT 1;
    END IF;
    IF why IS NULL OR length(btrim(why)) < 10 THEN
        cause := 'Say why the device may go on (ten characters at least).';
    ELSIF batch.id IS NULL THEN
        cause := format('No batch %s is set aside.', quarantined);
    ELSIF EXISTS (SELECT 1 FROM cms_audit.device_quarantine q WHERE q.device = batch.device AND q.id > batch.id) THEN
        cause := format('The device sent batches after batch %s: review its latest.', quarantined);
    ELSIF batch.person = session_user THEN
        cause := 'Nobody reviews their own device''s audit chain.';
    ELSIF head.person IS DISTINCT FROM batch.person THEN
        cause := 'The batch came from another person: it does not continue this device''s chain.';
    ELSIF coalesce(last_event->>'position', '') !~ '^[0-9]{1,18}$'
          OR coalesce(last_event->>'hash', '') !~ '^[0-9a-f]{64}$'
          OR coalesce(last_event->>'prev_hash', '') !~ '^[0-9a-f]{64}$' THEN
        cause := 'The batch''s last event has no position or hash to go on from.';
    ELSIF cms_audit.device_event_hash(last_event) IS DISTINCT FROM last_event->>'hash' THEN
        -- The device's chain goes on from this hash: it must at least be the hash of that event.
        cause := 'The batch''s last event does not match its hash: it cannot be a baseline.';
    ELSIF (last_event->>'position')::bigint <= head.last_position THEN
        cause := 'The server has already received this device''s chain past that batch.';
    END IF;
    IF cause IS NOT NULL THEN
        PERFORM cms_audit.record_event('audit.device_rebaselined', 'device_quarantine', quarantined::text, 'refused',
                                       jsonb_build_object('cause', cause));
        RETURN QUERY SELECT NULL::uuid, NULL::bigint, NULL::bigint, cause;
        RETURN;
    END IF;
    INSERT INTO cms_audit.device_rebaselines (device, quarantine_id, skipped_from, skipped_to, reason)
    VALUES (batch.device, batch.id, head.last_position + 1, (last_event->>'position')::bigint, btrim(why));
    UPDATE cms_audit.device_heads h
       SET last_position = (last_event->>'position')::bigint, last_hash = last_event->>'hash', updated_at = now()
     WHERE h.device = batch.device;
    -- The reviewer's words stay in the review table; the trail names the batch and the positions.
    PERFORM cms_audit.record_event('audit.device_rebaselined', 'device', batch.device::text, 'success',
                                   jsonb_build_object('quarantine_id', batch.id,
                                                      'skipped_from', head.last_position + 1,
                                                      'skipped_to', (last_event->>'position')::bigint));
    RETURN QUERY SELECT batch.device, head.last_position + 1, (last_event->>'position')::bigint, NULL::text;
END
$$;
REVOKE ALL ON FUNCTION cms_audit.rebaseline_device(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms_audit.rebaseline_device(bigint, text) TO cms_auditor;
