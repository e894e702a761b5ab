-- Searching cases by firm, product, model, sample number or IFS reference, and people by name.
--
-- Why functions: row-level security keeps a query's own conditions above the policies unless
-- their operators are LEAKPROOF, and ILIKE and pg_trgm's similarity are not, so under the
-- policies a trigram index is never used and every search reads the whole table (measured:
-- 40x slower with 60,000 people, and growing with the table). These functions run as the owner,
-- use the indexes, and apply the same visibility as the policies themselves, decided once per
-- call from who is asking (session_user). A test compares their answers with the policies' for
-- every job role. Patterns are built here, with LIKE's wildcards in the term escaped.
SET LOCAL ROLE cms_owner;

-- Who the caller is, for the searches: the same facts the policies of 0003 and 0005 use.
CREATE FUNCTION cms.search_scope(OUT reads_cases boolean, OUT team integer, OUT manages boolean,
                                 OUT shared text[])
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
    SELECT pg_has_role(session_user, 'cms_officer', 'MEMBER') OR pg_has_role(session_user, 'cms_investigator', 'MEMBER')
               OR pg_has_role(session_user, 'cms_analyst', 'MEMBER') OR pg_has_role(session_user, 'cms_manager', 'MEMBER')
               OR pg_has_role(session_user, 'cms_records_manager', 'MEMBER')
               OR pg_has_role(session_user, 'cms_auditor', 'MEMBER'),
           cms.my_team(),
           cms.i_manage(),
           CASE WHEN pg_has_role(session_user, 'cms_contractor', 'MEMBER') THEN cms.my_shared_cases() ELSE '{}' END
$$;

CREATE FUNCTION cms.like_pattern(term text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '%' || replace(replace(replace(btrim(term), '\', '\\'), '%', '\%'), '_', '\_') || '%' $$;

-- Cases whose firm name or product (name, brand, model) contains the term, or whose sample
-- number or IFS reference is the term; newest first. Terms under three characters find nothing
-- (a trigram index cannot narrow them).
CREATE FUNCTION cms.find_cases(term text, max_rows integer DEFAULT 50)
    RETURNS TABLE (case_id text, title text, case_type cms.case_type, status cms.case_status, opened_on date)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, cms
AS $$
DECLARE
    scope record := cms.search_scope();
BEGIN
    IF length(btrim(coalesce(term, ''))) < 3 THEN
        RETURN;
    END IF;
    -- EXECUTE plans with the pattern known, so the trigram indexes are chosen.
    RETURN QUERY EXECUTE $q$
        WITH matches AS (
            SELECT cf.case_id FROM cms.firms f JOIN cms.case_firms cf ON cf.firm_id = f.id WHERE f.name ILIKE $1
            UNION
            SELECT p.case_id FROM cms.products p
             WHERE (coalesce(p.name, '') || ' ' || coalesce(p.brand, '') || ' ' || coalesce(p.model, '')) ILIKE $1
            UNION
            SELECT s.case_id FROM cms.samples s WHERE s.sample_number = $2 OR s.ifs_reference = $2
        )
        SELECT c.id::text, c.title, c.case_type, c.status, c.opened_on
          FROM cms.cases c JOIN matches m ON m.case_id = c.id
         WHERE ($3 AND (NOT c.restricted OR c.team_id = $4 OR $5)) OR c.id = ANY ($6)
         ORDER BY c.opened_on DESC, c.id
         LIMIT $7
    $q$ USING cms.like_pattern(term), upper(btrim(term)), scope.reads_cases, scope.team, scope.manages, scope.shared,
              max_rows;
END
$$;

-- Searching by a person's name (PIA Q2): only PII-holders, and every search is recorded, without
-- the name searched for. Anyone else is refused with no rows, and the refusal is recorded too (an
-- error would roll its own record back); the client offers the search to PII-holders only.
-- First the names that contain every word of the query (up to five); only when there are none,
-- the names with a word like each one (pg_trgm's word similarity, 0.5: "Phillipa Vandermer"
-- finds Philippa Vandermeer), which costs the index several times more. Best matches first.
-- Whole-name similarity alone would match every namesake who shares only the surname: tens of
-- thousands for a common one among millions of people, all read to be ranked.
CREATE FUNCTION cms.search_people_by_name(query text, max_rows integer DEFAULT 50)
    RETURNS TABLE (person_id uuid, case_id text, full_name text, similarity real)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, cms SET pg_trgm.word_similarity_threshold = 0.5
AS $$
DECLARE
    scope record := cms.search_scope();
    words text[] := (SELECT array_agg(w) FROM (SELECT w FROM regexp_split_to_table(lower(btrim(coalesce(query, ''))),
                                                                                  '\s+') AS w
                                              WHERE length(w) > 0 LIMIT 5) AS first_words);
    contains_each text := '';
    like_each text := '';
    search text := $q$
        SELECT p.person_id, p.case_id, p.full_name, cms.similarity(p.full_name, $1)
          FROM cms.people_pii p
         WHERE (($2 AND (NOT p.case_restricted OR p.case_team_id = $3 OR $4)) OR p.case_id = ANY ($5)) %s
         ORDER BY 4 DESC, p.person_id
         LIMIT $6
    $q$;
BEGIN
    IF NOT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER') THEN
        PERFORM cms_audit.record_event('search.person_name', 'cms.people', NULL, 'refused',
                                       jsonb_build_object('reason', 'no PII access'));
        RETURN;
    END IF;
    PERFORM cms_audit.record_event('search.person_name', 'cms.people', NULL, 'success',
                                   jsonb_build_object('max_rows', max_rows));
    IF words IS NULL THEN
        RETURN;
    END IF;
    FOR i IN 1 .. cardinality(words) LOOP
        contains_each := contains_each || format(' AND p.full_name ILIKE cms.like_pattern($7[%s])', i);
        like_each := like_each || format(' AND p.full_name OPERATOR(cms.%%>) $7[%s]', i);
    END LOOP;
    RETURN QUERY EXECUTE format(search, contains_each)
        USING query, scope.reads_cases, scope.team, scope.manages, scope.shared, max_rows, words;
    IF NOT FOUND THEN
        RETURN QUERY EXECUTE format(search, like_each)
            USING query, scope.reads_cases, scope.team, scope.manages, scope.shared, max_rows, words;
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION cms.find_cases(text, integer), cms.like_pattern(text) TO cms_staff;
GRANT EXECUTE ON FUNCTION cms.search_people_by_name(text, integer) TO cms_staff;
