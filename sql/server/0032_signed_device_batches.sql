-- Device audit batches signed with the person's card (issue: audit trail, "Each ingested batch is
-- signed with the person's card key; the server verifies it against the person's certificate").
--
-- `cmsadmin person add` records the public key of the certificate it registers (RSA: modulus and
-- exponent; EC P-256: the uncompressed point), read with OpenSSL from the certificate the person
-- presents; the server verifies with it here, in SQL numeric arithmetic, since PostgreSQL has no
-- public-key verification of its own and the server must not trust the client's word. The card
-- signs the statement "cms-device-batch:v1:<device>:<last position>:<last hash>" (SHA-256;
-- RSA PKCS#1 v1.5, ECDSA r || s): the hash of the batch's last event covers every event before it
-- in the device's chain, which the ingest recomputes event by event. Each signed batch is kept
-- (cms_audit.device_batches) so that `cmsadmin audit verify` checks the signatures again later.

SET LOCAL ROLE cms_owner;

-- The public key of each certificate registered (a reissued card adds one; none is changed or
-- removed): a batch is verified with the key of the certificate on record when it arrives, and
-- later by `cmsadmin audit verify` with the same key.
CREATE TABLE cms_audit.signing_keys (
    login_role         name NOT NULL,
    certificate_serial text NOT NULL,
    algorithm          text NOT NULL CHECK (algorithm IN ('rsa', 'ec-p256')),
    key                bytea NOT NULL, -- RSA: the modulus; EC: 04 || X || Y
    exponent           bytea,          -- RSA only
    certificate        bytea NOT NULL, -- DER: `cmsadmin audit verify` checks the signatures with it
    registered_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (login_role, certificate_serial),
    CONSTRAINT exponent_for_rsa CHECK ((algorithm = 'rsa') = (exponent IS NOT NULL))
);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.signing_keys
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cms_audit.signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION cms_audit.refuse_change();
GRANT SELECT ON cms_audit.signing_keys TO cms_auditor;

-- Each batch taken from a device, with the card's signature over its last event.
CREATE TABLE cms_audit.device_batches (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device             uuid NOT NULL,
    person             name NOT NULL,
    certificate_serial text NOT NULL,
    first_position     bigint NOT NULL,
    last_position      bigint NOT NULL,
    last_hash          text NOT NULL,
    signature          bytea NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON cms_audit.device_batches
    FOR EACH ROW EXECUTE FUNCTION cms_audit.refuse_change();
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON cms_audit.device_batches
    FOR EACH STATEMENT EXECUTE FUNCTION cms_audit.refuse_change();
GRANT SELECT ON cms_audit.device_batches TO cms_auditor;

-- Big-endian bytes as a number.
CREATE FUNCTION cms_audit.bytes_numeric(bytes bytea) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$
DECLARE
    result numeric := 0;
BEGIN
    FOR i IN 0 .. length(bytes) - 1 LOOP
        result := result * 256 + get_byte(bytes, i);
    END LOOP;
    RETURN result;
END
$$;

-- x mod m in [0, m), for negative x too (numeric mod keeps the dividend's sign).
CREATE FUNCTION cms_audit.mod_floor(x numeric, m numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$ SELECT mod(mod(x, m) + m, m) $$;

CREATE FUNCTION cms_audit.mod_pow(base numeric, exponent numeric, modulus numeric) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$
DECLARE
    result numeric := 1;
    b numeric := mod(base, modulus);
    e numeric := exponent;
BEGIN
    WHILE e > 0 LOOP
        IF mod(e, 2) = 1 THEN
            result := mod(result * b, modulus);
        END IF;
        e := div(e, 2);
        b := mod(b * b, modulus);
    END LOOP;
    RETURN result;
END
$$;

-- RSA PKCS#1 v1.5 with SHA-256 (RFC 8017, 8.2.2): s^e mod n must be 00 01 FF..FF 00 DigestInfo H.
CREATE FUNCTION cms_audit.rsa_verify(modulus bytea, exponent bytea, digest bytea, signature bytea) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    n numeric := bytes_numeric(modulus);
    k integer := length(ltrim(encode(modulus, 'hex'), '0')) / 2 + length(ltrim(encode(modulus, 'hex'), '0')) % 2;
    digest_info bytea := '\x3031300d060960864801650304020105000420'::bytea || digest;
    s numeric := bytes_numeric(signature);
BEGIN
    IF length(digest) <> 32 OR length(signature) <> k OR s >= n THEN
        RETURN false;
    END IF;
    RETURN mod_pow(s, bytes_numeric(exponent), n)
           = bytes_numeric('\x0001'::bytea || decode(repeat('ff', k - 3 - length(digest_info)), 'hex') || '\x00'::bytea
                           || digest_info);
END
$$;

-- P-256 (FIPS 186-4, D.1.2.3) in Jacobian coordinates {X, Y, Z}; Z = 0 is the point at infinity.
CREATE FUNCTION cms_audit.p256_double(pt numeric[]) RETURNS numeric[]
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    p constant numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    delta numeric;
    gamma numeric;
    beta numeric;
    alpha numeric;
    x3 numeric;
BEGIN
    IF pt[3] = 0 OR pt[2] = 0 THEN
        RETURN ARRAY[1, 1, 0]::numeric[];
    END IF;
    delta := mod(pt[3] * pt[3], p);
    gamma := mod(pt[2] * pt[2], p);
    beta := mod(pt[1] * gamma, p);
    alpha := mod(3 * mod_floor(pt[1] - delta, p) * (pt[1] + delta), p); -- a = -3
    x3 := mod_floor(alpha * alpha - 8 * beta, p);
    RETURN ARRAY[x3,
                 mod_floor(alpha * mod_floor(4 * beta - x3, p) - 8 * mod(gamma * gamma, p), p),
                 mod_floor((pt[2] + pt[3]) * (pt[2] + pt[3]) - gamma - delta, p)];
END
$$;

CREATE FUNCTION cms_audit.p256_add(a numeric[], b numeric[]) RETURNS numeric[]
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    p constant numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    z1z1 numeric;
    z2z2 numeric;
    u1 numeric;
    u2 numeric;
    s1 numeric;
    s2 numeric;
    h numeric;
    i numeric;
    j numeric;
    r numeric;
    v numeric;
    x3 numeric;
BEGIN
    IF a[3] = 0 THEN
        RETURN b;
    ELSIF b[3] = 0 THEN
        RETURN a;
    END IF;
    z1z1 := mod(a[3] * a[3], p);
    z2z2 := mod(b[3] * b[3], p);
    u1 := mod(a[1] * z2z2, p);
    u2 := mod(b[1] * z1z1, p);
    s1 := mod(a[2] * mod(b[3] * z2z2, p), p);
    s2 := mod(b[2] * mod(a[3] * z1z1, p), p);
    h := mod_floor(u2 - u1, p);
    r := mod_floor(2 * (s2 - s1), p);
    IF h = 0 THEN
        RETURN CASE WHEN r = 0 THEN p256_double(a) ELSE ARRAY[1, 1, 0]::numeric[] END;
    END IF;
    i := mod(4 * h * h, p);
    j := mod(h * i, p);
    v := mod(u1 * i, p);
    x3 := mod_floor(r * r - j - 2 * v, p);
    RETURN ARRAY[x3,
                 mod_floor(r * (v - x3) - 2 * mod(s1 * j, p), p),
                 mod(mod_floor((a[3] + b[3]) * (a[3] + b[3]) - z1z1 - z2z2, p) * h, p)];
END
$$;

-- ECDSA over P-256 (FIPS 186-4, 6.4.2): the signature r || s of the SHA-256 digest, the key the
-- uncompressed point 04 || X || Y (on the curve: checked here).
CREATE FUNCTION cms_audit.p256_verify(point bytea, digest bytea, signature bytea) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    p constant numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    n constant numeric := 115792089210356248762697446949407573529996955224135760342422259061068512044369;
    b constant numeric := 41058363725152142129326129780047268409114441015993725554835256314039467401291;
    g constant numeric[] := ARRAY[48439561293906451759052585252797914202762949526041747995844080717082404635286,
                                  36134250956749795798585127919587881956611106672985015071877198253568414405109, 1];
    qx numeric;
    qy numeric;
    r numeric;
    s numeric;
    w numeric;
    u1 numeric;
    u2 numeric;
    q numeric[];
    gq numeric[];
    acc numeric[] := ARRAY[1, 1, 0];
    bits1 integer[];
    bits2 integer[];
    zz numeric;
BEGIN
    IF length(point) <> 65 OR get_byte(point, 0) <> 4 OR length(digest) <> 32 OR length(signature) <> 64 THEN
        RETURN false;
    END IF;
    qx := bytes_numeric(substring(point FROM 2 FOR 32));
    qy := bytes_numeric(substring(point FROM 34 FOR 32));
    IF qx >= p OR qy >= p OR mod(qy * qy, p) <> mod_floor(qx * qx * qx - 3 * qx + b, p) THEN
        RETURN false;
    END IF;
    r := bytes_numeric(substring(signature FROM 1 FOR 32));
    s := bytes_numeric(substring(signature FROM 33 FOR 32));
    IF r < 1 OR r >= n OR s < 1 OR s >= n THEN
        RETURN false;
    END IF;
    w := mod_pow(s, n - 2, n);
    u1 := mod(bytes_numeric(digest) * w, n);
    u2 := mod(r * w, n);
    q := ARRAY[qx, qy, 1];
    gq := p256_add(g, q);
    FOR i IN 1 .. 256 LOOP -- bit i - 1 of each scalar
        bits1[i] := mod(u1, 2);
        bits2[i] := mod(u2, 2);
        u1 := div(u1, 2);
        u2 := div(u2, 2);
    END LOOP;
    -- u1 G + u2 Q together (Shamir's trick), from the top bit down.
    FOR i IN REVERSE 256 .. 1 LOOP
        acc := p256_double(acc);
        IF bits1[i] = 1 AND bits2[i] = 1 THEN
            acc := p256_add(acc, gq);
        ELSIF bits1[i] = 1 THEN
            acc := p256_add(acc, g);
        ELSIF bits2[i] = 1 THEN
            acc := p256_add(acc, q);
        END IF;
    END LOOP;
    IF acc[3] = 0 THEN
        RETURN false;
    END IF;
    zz := mod(acc[3] * acc[3], p);
    RETURN mod(mod(acc[1] * mod_pow(zz, p - 2, p), p), n) = r;
END
$$;

-- What the card signs for a batch: its device and its last event, whose hash covers the chain.
CREATE FUNCTION cms_audit.device_batch_digest(device uuid, last_position bigint, last_hash text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$ SELECT sha256(convert_to(format('cms-device-batch:v1:%s:%s:%s', device, last_position, last_hash), 'UTF8')) $$;

-- Whether the key registered for the person's certificate signed the digest.
CREATE FUNCTION cms_audit.signed_by(person name, serial text, digest bytea, signature bytea) RETURNS boolean
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, cms_audit
AS $$
    SELECT coalesce((SELECT CASE k.algorithm
                                WHEN 'rsa' THEN rsa_verify(k.key, k.exponent, digest, signature)
                                ELSE p256_verify(k.key, digest, signature)
                            END
                       FROM signing_keys k WHERE k.login_role = person AND k.certificate_serial = serial), false)
$$;
REVOKE ALL ON FUNCTION cms_audit.signed_by(name, text, bytea, bytea) FROM PUBLIC;

-- The ingest of 0030, with the batch's signature: verified with the key of the certificate on
-- record for the person before anything is taken; a batch not signed by that card is refused and
-- kept aside like any other refused batch. The events keep the device's hash of each.
DROP FUNCTION cms_audit.ingest_device_events(uuid, jsonb);
CREATE FUNCTION cms_audit.ingest_device_events(from_device uuid, events jsonb, signature bytea)
    RETURNS TABLE (ingested integer, refusal text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, cms_audit
AS $$
DECLARE
    head cms_audit.device_heads;
    event jsonb;
    details jsonb;
    cause text;
    position_now bigint;
    hash_now text;
    last_sent bigint := 0;
    last_sent_hash text;
    serial text := (SELECT s.certificate_serial FROM cms.staff s WHERE s.login_role = session_user AND s.active);
    taken integer := 0;
BEGIN
    IF jsonb_typeof(events) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'Device events come as a JSON array.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cms_audit.device_heads (device, person) VALUES (from_device, session_user)
        ON CONFLICT (device) DO NOTHING;
    SELECT * INTO head FROM cms_audit.device_heads h WHERE h.device = from_device FOR UPDATE;
    position_now := head.last_position;
    hash_now := head.last_hash;
    IF head.person <> session_user THEN
        cause := 'This device''s chain belongs to another person.';
    END IF;
    -- Everything is checked before anything is taken.
    FOR event IN SELECT e.value FROM jsonb_array_elements(events) AS e WHERE cause IS NULL LOOP
        IF jsonb_typeof(event->'position') IS DISTINCT FROM 'number' THEN
            cause := 'An event has no position.';
        ELSIF (event->>'position')::bigint <= head.last_position THEN
            -- Received before (a reply was lost): it must be the same event, which its hash proves
            -- at the position last received.
            IF (event->>'position')::bigint = head.last_position AND event->>'hash' IS DISTINCT FROM head.last_hash THEN
                cause := format('Event %s differs from the one received before at that position.', event->>'position');
            END IF;
        ELSIF (event->>'position')::bigint <> position_now + 1 THEN
            cause := format('Event %s does not follow event %s (a gap or a reordering).', event->>'position', position_now);
        ELSIF event->>'prev_hash' IS DISTINCT FROM hash_now THEN
            cause := format('Event %s does not continue the chain received from this device.', event->>'position');
        ELSIF cms_audit.device_event_hash(event) IS DISTINCT FROM event->>'hash' THEN
            cause := format('Event %s was altered: its hash does not match its content.', event->>'position');
        ELSIF NOT EXISTS (SELECT FROM cms_audit.device_event_types t WHERE t.event_type = event->>'event_type')
              OR event->>'outcome' NOT IN ('success', 'failure', 'refused') THEN
            cause := format('Event %s is not one a device records (%s, %s).', event->>'position', event->>'event_type',
                            event->>'outcome');
        ELSIF event->>'occurred_at' !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$' THEN
            cause := format('Event %s has no UTC time.', event->>'position');
        ELSE
            BEGIN
                details := (event->>'details')::jsonb;
            EXCEPTION WHEN others THEN
                details := NULL;
            END;
            IF jsonb_typeof(details) IS DISTINCT FROM 'object' THEN
                cause := format('Event %s has details that are not a JSON object.', event->>'position');
            END IF;
        END IF;
        IF (event->>'position')::bigint > head.last_position THEN
            position_now := (event->>'position')::bigint;
            hash_now := event->>'hash';
        END IF;
        IF (event->>'position')::bigint >= last_sent THEN
            last_sent := (event->>'position')::bigint;
            last_sent_hash := event->>'hash';
        END IF;
    END LOOP;
    IF cause IS NULL AND (serial IS NULL OR signature IS NULL
                          OR NOT cms_audit.signed_by(session_user, serial,
                                                     cms_audit.device_batch_digest(from_device, last_sent,
                                                                                   coalesce(last_sent_hash, '')),
                                                     signature)) THEN
        cause := 'The batch is not signed by the card on record for this person.';
    END IF;
    IF cause IS NOT NULL THEN
        INSERT INTO cms_audit.device_quarantine (device, person, reason, events)
        VALUES (from_device, session_user, cause, events);
        PERFORM cms_audit.record_event('audit.device_chain_refused', 'device', from_device::text, 'refused',
                                       jsonb_build_object('reason', cause, 'events', jsonb_array_length(events),
                                                          'last_received', head.last_position));
        RETURN QUERY SELECT 0, cause;
        RETURN;
    END IF;
    FOR event IN SELECT e.value FROM jsonb_array_elements(events) AS e
                  WHERE (e.value->>'position')::bigint > head.last_position
                  ORDER BY (e.value->>'position')::bigint LOOP
        INSERT INTO cms_audit.events (occurred_at, event_type, object_type, object_id, outcome, details)
        VALUES ((event->>'occurred_at')::timestamptz, event->>'event_type', nullif(event->>'object_type', ''),
                nullif(event->>'object_id', ''), event->>'outcome',
                (event->>'details')::jsonb || jsonb_build_object('device', from_device, 'device_position',
                                                                 (event->>'position')::bigint, 'device_hash',
                                                                 event->>'hash', 'offline', true));
        taken := taken + 1;
    END LOOP;
    IF taken > 0 THEN
        INSERT INTO cms_audit.device_batches (device, person, certificate_serial, first_position, last_position,
                                              last_hash, signature)
        VALUES (from_device, session_user, serial, head.last_position + 1, position_now, hash_now, signature);
        UPDATE cms_audit.device_heads h SET last_position = position_now, last_hash = hash_now, updated_at = now()
         WHERE h.device = from_device;
        PERFORM cms_audit.write_checkpoint();
    END IF;
    RETURN QUERY SELECT taken, NULL::text;
END
$$;
REVOKE ALL ON FUNCTION cms_audit.ingest_device_events(uuid, jsonb, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cms_audit.ingest_device_events(uuid, jsonb, bytea)
    TO cms_officer, cms_investigator, cms_analyst, cms_manager, cms_contractor, cms_records_manager, cms_auditor;
