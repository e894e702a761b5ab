-- A PII-holder's laptop searches people's names offline over the PII its cache holds (issue:
-- offline field work): the search is recorded in the laptop's chain as `search.person_name`, as
-- the server records it online (never the name), and comes to the office with the next sync.
INSERT INTO cms_audit.device_event_types VALUES ('search.person_name');
