-- The laptop's offline cache (issue: offline field work; DESIGN.md, Offline field work and sync).
-- The whole file is encrypted by SQLCipher with a key only the owner's card unwraps.

-- Who the cache belongs to and where its sync stands: owner_login, owner_card_uuid, created_at,
-- pull_cursor (the server's change_seq), last_sync_at.
CREATE TABLE cache_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The cases the person took for field work; whether it was assigned to them then (a case
-- reassigned to someone else leaves the cache).
CREATE TABLE checked_out (
    case_id        TEXT PRIMARY KEY,
    checked_out_at TEXT NOT NULL,
    assigned_to_me INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The server's rows of those cases, as the server let this person see them (masked values for
-- people without the PII grant): one JSON object each, with the version it had.
CREATE TABLE cached_rows (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
);
CREATE INDEX cached_rows_case ON cached_rows (case_id, table_name);

-- Edits made here, in order, until the server has taken them: written in the same transaction
-- as the edit itself. entry_id (a UUID) makes a retried push a no-op on the server; changed holds
-- the new values, base_values what the same fields held before (for the merge when the row moved
-- on at the server meanwhile).
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id     TEXT NOT NULL UNIQUE,
    table_name   TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    changed      TEXT NOT NULL,
    base_values  TEXT NOT NULL,
    queued_at    TEXT NOT NULL
);
CREATE INDEX outbox_row ON outbox (table_name, row_id);
