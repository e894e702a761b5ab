-- A firm's link to a case is cached under the case too ("<case>/<firm>:<role>"): the server keys
-- it by firm and role only, so two cases taken on this laptop that name the same firm in the same
-- role shared one cached row, and giving one case back took the other's link with it
-- (core/sync/ChangePuller). A link already lost that way comes back when the firm or the link next
-- changes at the office, or when the case is taken again.
UPDATE cached_rows SET row_id = case_id || '/' || row_id
 WHERE table_name = 'case_firms' AND instr(row_id, '/') = 0;
