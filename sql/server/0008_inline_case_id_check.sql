-- The case-id check of 0002, as plain SQL expressions that PostgreSQL inlines into the domain's
-- CHECK: the PL/pgSQL loop cost about 14 µs a row, which bulk loads (IFS import, demo seed) and
-- every insert of a case pay. Same results for the ten-symbol input the callers give; the
-- multipliers are 32^k mod 37, so the sum is the value of the ten symbols modulo 37.
SET LOCAL ROLE cms_owner;

CREATE OR REPLACE FUNCTION cms.case_id_check_symbol(symbols text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U',
                  ((strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 1, 1)) - 1) * 31
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 2, 1)) - 1) * 16
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 3, 1)) - 1) * 19
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 4, 1)) - 1) * 11
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 5, 1)) - 1) * 20
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 6, 1)) - 1) * 33
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 7, 1)) - 1) * 23
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 8, 1)) - 1) * 25
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 9, 1)) - 1) * 32
                   + (strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, 10, 1)) - 1)) % 37 + 1,
                  1)
$$;

-- Not STRICT, so that it inlines; a NULL id is NULL either way.
CREATE OR REPLACE FUNCTION cms.case_id_is_valid(id text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT id ~ '^[0-9A-HJKMNP-TV-Z]{10}[0-9A-HJKMNP-TV-Z*~$=U]$'
       AND cms.case_id_check_symbol(left(id, 10)) = right(id, 1)
$$;
