-- The audit trail becomes tamper-evident (issue: audit trail; DESIGN.md, Audit trail to Splunk):
-- every event takes the next position of one hash chain, hash = SHA-256(previous hash ||
-- canonical bytes of the event), appended under the chain head's row lock so that concurrent
-- writers keep the chain linear. Checkpoints record the head (position, hash, count, time);
-- `cmsadmin audit verify` recomputes the chain and reports the first broken link.
SET LOCAL ROLE cms_owner;

ALTER TABLE cms_audit.events ADD COLUMN chain_position bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;

-- One row: where the chain ends. Its row lock is the append lock: held from an event's insert
-- to its transaction's end, so positions follow commit order and never interleave.
CREATE TABLE cms_audit.chain_head (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    position bigint NOT NULL,
    hash     bytea NOT NULL
);
INSERT INTO cms_audit.chain_head (position, hash) VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- The bytes an event's hash covers: every field it was written with, as canonical JSON
-- (jsonb prints keys in one order and no insignificant space), times in UTC to the microsecond.
CREATE FUNCTION cms_audit.canonical(event cms_audit.events) RETURNS bytea
    LANGUAGE sql STABLE SET search_path = pg_catalog, cms_audit
AS $$
    SELECT convert_to(jsonb_build_object(
        'id', event.id,
        'occurred_at', to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'received_at', to_char(event.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', event.actor,
        'application', event.application,
        'client_address', host(event.client_address),
        'event_type', event.event_type,
        'object_type', event.object_type,
        'object_id', event.object_id,
        'changed_columns', to_jsonb(event.changed_columns),
        'outcome', event.outcome,
        'details', event.details)::text, 'UTF8')
$$;

CREATE FUNCTION cms_audit.chain_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    head cms_audit.chain_head;
BEGIN
    SELECT * INTO head FROM cms_audit.chain_head FOR UPDATE;
    NEW.chain_position := head.position + 1;
    NEW.prev_hash := head.hash;
    NEW.hash := sha256(head.hash || cms_audit.canonical(NEW));
    UPDATE cms_audit.chain_head SET position = NEW.chain_position, hash = NEW.hash;
    RETURN NEW;
END
$$;

-- The events written before this migration, in the order they were written.
ALTER TABLE cms_audit.events DISABLE TRIGGER append_only;
DO $$
DECLARE
    event cms_audit.events;
    head cms_audit.chain_head;
BEGIN
    FOR event IN SELECT * FROM cms_audit.events ORDER BY id LOOP
        SELECT * INTO head FROM cms_audit.chain_head;
        event.chain_position := head.position + 1;
        event.prev_hash := head.hash;
        event.hash := sha256(head.hash || cms_audit.canonical(event));
        UPDATE cms_audit.events SET chain_position = event.chain_position, prev_hash = event.prev_hash,
                                    hash = event.hash
         WHERE id = event.id;
        UPDATE cms_audit.chain_head SET position = event.chain_position, hash = event.hash;
    END LOOP;
END
$$;
ALTER TABLE cms_audit.events ENABLE TRIGGER append_only;
ALTER TABLE cms_audit.events ALTER COLUMN chain_position SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX events_chain ON cms_audit.events (chain_position);
CREATE TRIGGER chain BEFORE INSERT ON cms_audit.events FOR EACH ROW EXECUTE FUNCTION cms_audit.chain_event();

-- Checkpoints: the head as it was at a time. Written by `cmsadmin audit checkpoint` (at least
-- every 15 minutes, from the operator's timer) and at every ingest of a laptop's events.
CREATE TABLE cms_audit.checkpoints (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    written_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    chain_position bigint NOT NULL,
    head_hash      bytea NOT NULL,
    event_count    bigint NOT NULL
);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.checkpoints
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON cms_audit.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION cms_audit.refuse_change();

CREATE FUNCTION cms_audit.write_checkpoint() RETURNS cms_audit.checkpoints
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    head cms_audit.chain_head;
    written cms_audit.checkpoints;
BEGIN
    SELECT * INTO head FROM cms_audit.chain_head FOR SHARE;
    INSERT INTO cms_audit.checkpoints (chain_position, head_hash, event_count)
    VALUES (head.position, head.hash, (SELECT count(*) FROM cms_audit.events))
    RETURNING * INTO written;
    RETURN written;
END
$$;
REVOKE ALL ON FUNCTION cms_audit.write_checkpoint(), cms_audit.canonical(cms_audit.events),
    cms_audit.chain_event() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms_audit.write_checkpoint() TO cms_forwarder;
GRANT EXECUTE ON FUNCTION cms_audit.canonical(cms_audit.events) TO cms_auditor, cms_forwarder;
GRANT SELECT ON cms_audit.checkpoints TO cms_auditor, cms_manager, cms_forwarder;
