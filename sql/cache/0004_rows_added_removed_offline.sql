-- Rows added and removed offline (issue: offline field work): an outbox entry is an edit of a
-- row, a new row ('insert': its fields in `changed`, its case in `case_id`, its row id a local
-- one, "new-<uuid>", until the server gives it its own) or a removal ('delete': the row as it
-- was here in `base_values`). A row whose removal waits to be sent stays in cached_rows, hidden,
-- so that a removal the office's change makes the person reconsider can be taken back.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'insert', 'delete'));
ALTER TABLE outbox ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
