-- A PII-holder prints an unredacted copy offline from the PII the cache holds (issue: offline
-- field work): the laptop's register says which copies are, and the sync tells the office.
ALTER TABLE offline_copies ADD COLUMN redacted INTEGER NOT NULL DEFAULT 1 CHECK (redacted IN (0, 1));
