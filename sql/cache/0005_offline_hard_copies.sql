-- Hard copies printed offline (issue: hard copies): the laptop's own register until the sync
-- takes each entry to the server's (cms.register_offline_copy). The label ("<device>-<n>") is
-- printed on every page of the copy; the server's copy number comes back at the sync.
CREATE TABLE offline_copies (
    entry_id      TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL,
    label         TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('print', 'pdf')),
    sections      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    leaves_office INTEGER NOT NULL,
    printed_at    TEXT NOT NULL,
    copy_id       TEXT,
    copy_number   INTEGER
) WITHOUT ROWID;
