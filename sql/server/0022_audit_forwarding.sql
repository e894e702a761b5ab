-- Delivery of the audit trail to Splunk (issue: audit trail; DESIGN.md, Audit trail to Splunk):
-- per destination, the chain position of the last event the indexer acknowledged (the
-- forwarder's cursor, moved only after acknowledgment: at-least-once; positions follow commit
-- order, so no event committed late is passed over) and the HEC channel it uses; and the events
-- the indexer refused as invalid, kept aside for review rather than sent again forever.
SET LOCAL ROLE cms_owner;

CREATE TABLE cms_audit.forward_cursors (
    destination   text PRIMARY KEY CHECK (destination ~ '^[a-z][a-z0-9_-]*$'),
    last_position bigint NOT NULL DEFAULT 0,
    channel       uuid NOT NULL DEFAULT gen_random_uuid(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cms_audit.forward_quarantine (
    destination    text NOT NULL,
    event_id       bigint NOT NULL,
    reason         text NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (destination, event_id)
);

-- The forwarder service reads the events (0003) and keeps its cursor; auditors review both.
GRANT SELECT, INSERT, UPDATE ON cms_audit.forward_cursors TO cms_forwarder;
GRANT SELECT, INSERT ON cms_audit.forward_quarantine TO cms_forwarder;
GRANT SELECT ON cms_audit.forward_cursors, cms_audit.forward_quarantine TO cms_auditor;
