-- Case identifiers: ten random Crockford base32 symbols and a check symbol (value mod 37), the
-- same as core/model/CaseId. Stored compact (`7K3QM2ZD9R4`); shown as `7K3QM-2ZD9R-4`.
SET LOCAL ROLE cms_owner;

CREATE FUNCTION cms.case_id_check_symbol(symbols text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    remainder integer := 0;
BEGIN
    FOR i IN 1 .. length(symbols) LOOP
        remainder := (remainder * 32 + strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(symbols, i, 1)) - 1) % 37;
    END LOOP;
    RETURN substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U', remainder + 1, 1);
END
$$;

CREATE FUNCTION cms.case_id_is_valid(id text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT id ~ '^[0-9A-HJKMNP-TV-Z]{10}[0-9A-HJKMNP-TV-Z*~$=U]$'
       AND cms.case_id_check_symbol(left(id, 10)) = right(id, 1)
$$;

CREATE DOMAIN cms.case_id AS text
    CONSTRAINT case_id_check_symbol CHECK (cms.case_id_is_valid(VALUE));

-- 50 random bits from gen_random_uuid() (pg_strong_random): hex digits 19-31 are all random in
-- a version 4 UUID (13 and 17 carry its version and variant).
CREATE FUNCTION cms.new_case_id() RETURNS cms.case_id
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
AS $$
DECLARE
    bits bigint := ('x' || lpad(substr(replace(gen_random_uuid()::text, '-', ''), 19, 13), 16, '0'))::bit(64)::bigint
                   & ((1::bigint << 50) - 1);
    symbols text := '';
BEGIN
    FOR i IN 1 .. 10 LOOP
        symbols := substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (bits & 31)::integer + 1, 1) || symbols;
        bits := bits >> 5;
    END LOOP;
    RETURN symbols || cms.case_id_check_symbol(symbols);
END
$$;

GRANT EXECUTE ON FUNCTION cms.case_id_check_symbol(text), cms.case_id_is_valid(text), cms.new_case_id() TO cms_staff;
