-- The laptop's own audit chain (issue: audit trail, offline): what the person does while offline
-- is recorded here with the time it happened, each event linked to the one before by
-- hash = SHA-256(prev_hash || canonical bytes) (core/cache/DeviceAuditChain), and sent to the
-- server at the next sync, which takes them only if they continue the chain it last received
-- from this device. Positions start at 1; the first event's prev_hash is 64 zeros.
CREATE TABLE device_audit (
    position    INTEGER PRIMARY KEY,
    event_type  TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ingested', 'refused'))
);
CREATE INDEX device_audit_pending ON device_audit (state, position);

-- The device's id, which the server keys the chain by: random, made once with the cache.
INSERT OR IGNORE INTO cache_meta VALUES ('device_id', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2)
    || '-' || hex(randomblob(6))));
