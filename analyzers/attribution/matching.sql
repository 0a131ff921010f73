-- Attribution, step 7 of 10: pairs of quotes in different outlets that may give the same statement.
--
-- Quotes are compared by their words: lower case, punctuation and line breaks made single
-- spaces (attribution_words). The work grows with the number of quotes, never with the
-- number of pairs: a pair is only looked at when the two quotes share a key few quotes have.
--   * Chunks: each quote is cut after every word that ends in 's' (plurals, 'is', 'was',
--     'has', 'as'...), which gives chunks of about five words. The cuts depend only on the
--     words, so two quotations of the same words are cut at the same places wherever they
--     begin, and a changed word changes only the chunk it is in. A unit is a chunk or two
--     chunks in a row.
--   * Word keys: a unit of two chunks that at most 8 quotes have.
--   * Speaker keys: a unit together with the quote's speaker (the linked entity, else the
--     speaker as written), kept when 2 to 16 quotes have it and chance would not explain
--     it: the unit's quotes times the speaker's quotes are at most all quotes (at most one
--     expected among the speaker's quotes by chance). These find one speaker's statement
--     quoted with a few words changed even when its parts are common elsewhere.
--   * Short quotes (3 to 20 words) are keyed by their word 3-grams, which also find them
--     inside longer quotes: a pair is kept when the quotes share at least half of the short
--     quote's 3-grams, and two unless it has one, among 3-grams that at most 64 quotes have.
-- A pair found by a word or speaker key is kept when the quote with fewer chunks shares at
-- least 40% of them with the other.
--   attribution_quote_sources    (a view) qid (a hash of quote_id), quote_id, outlet (a
--                                number), speaker (a hash, NULL when unattributed), text
--   attribution_quote_chunks     qid, outlet, speaker, chunks (list of hashes), words (how many)
--   attribution_quote_units      qid, outlet, speaker, joined (two chunks), unit (a hash)
--   attribution_match_keys       qid, outlet, key: the word and speaker keys of every quote
--   attribution_candidate_pairs  quote_a, quote_b (quote_a < quote_b, different outlets)

CREATE OR REPLACE MACRO attribution_words(text) AS
    trim(regexp_replace(lower(text), ' ?[^\pL\pN ]+ ?', ' ', 'g'));

CREATE OR REPLACE VIEW attribution_quote_sources AS
WITH outlet_numbers AS (
    SELECT outlet_id, row_number() OVER (ORDER BY outlet_id)::INTEGER AS outlet FROM outlets
)
SELECT
    hash(q.quote_id) AS qid,
    q.quote_id,
    o.outlet,
    CASE
        WHEN q.speaker_entity_id IS NOT NULL THEN hash('entity', q.speaker_entity_id)
        WHEN q.speaker_text IS NOT NULL THEN hash('text', lower(trim(q.speaker_text)))
    END AS speaker,
    q.text
FROM quotes q
JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
JOIN outlet_numbers o USING (outlet_id);

CREATE OR REPLACE TABLE attribution_quote_chunks AS
SELECT qid, outlet, speaker, [hash(chunk) FOR chunk IN string_split(words, 's ')] AS chunks,
       (CASE WHEN words = '' THEN 0 ELSE length(words) - length(replace(words, ' ', '')) + 1 END)::INTEGER AS words
FROM (SELECT qid, outlet, speaker, attribution_words(text) AS words FROM attribution_quote_sources);

CREATE OR REPLACE TABLE attribution_quote_units AS
SELECT qid, outlet, speaker, false AS joined, unnest(chunks) AS unit
FROM attribution_quote_chunks
UNION ALL
SELECT qid, outlet, speaker, true, hash(unnest(list_zip(list_slice(chunks, 1, -2), list_slice(chunks, 2, -1))))
FROM attribution_quote_chunks;

SET VARIABLE attribution_quote_count = (SELECT count(*) FROM quotes);

CREATE OR REPLACE TABLE attribution_match_keys AS
WITH unit_quotes AS (
    SELECT unit, count(*) AS quotes FROM attribution_quote_units GROUP BY unit HAVING count(*) >= 2
),
speaker_quotes AS (
    SELECT speaker, count(*) AS quotes FROM attribution_quote_sources WHERE speaker IS NOT NULL GROUP BY speaker
),
speaker_units AS (
    SELECT u.qid, u.outlet, hash(u.speaker, u.unit) AS key
    FROM attribution_quote_units u
    JOIN unit_quotes c USING (unit)
    JOIN speaker_quotes s USING (speaker)
    WHERE c.quotes * s.quotes <= getvariable('attribution_quote_count')
)
SELECT k.* FROM speaker_units k
SEMI JOIN (SELECT key FROM speaker_units GROUP BY key HAVING count(*) BETWEEN 2 AND 16) USING (key)
UNION ALL
SELECT u.qid, u.outlet, u.unit
FROM attribution_quote_units u JOIN unit_quotes c USING (unit)
WHERE u.joined AND c.quotes <= 8;

CREATE OR REPLACE TABLE attribution_candidate_pairs AS
WITH keyed_pairs AS (
    SELECT DISTINCT a.qid AS qid_a, b.qid AS qid_b
    FROM attribution_match_keys a
    JOIN attribution_match_keys b ON b.key = a.key AND a.qid < b.qid AND a.outlet <> b.outlet
),
by_chunks AS (
    SELECT p.qid_a, p.qid_b
    FROM keyed_pairs p
    JOIN attribution_quote_chunks a ON a.qid = p.qid_a
    JOIN attribution_quote_chunks b ON b.qid = p.qid_b
    WHERE len(list_intersect(a.chunks, b.chunks)) >= 0.4 * least(len(a.chunks), len(b.chunks))
),
short_ids AS (
    SELECT qid, outlet FROM attribution_quote_chunks WHERE words BETWEEN 3 AND 20
),
-- The words of every quote, only when there are short quotes to look for.
listed AS (
    SELECT qid, outlet, string_split(attribution_words(text), ' ') AS w
    FROM attribution_quote_sources
    WHERE (SELECT count(*) FROM short_ids) > 0
),
all_shingles AS (
    SELECT DISTINCT qid, outlet, hash(unnest(list_zip(list_slice(w, 1, -3), list_slice(w, 2, -2), list_slice(w, 3, -1)))) AS shingle
    FROM listed
),
short_shingles AS (
    SELECT s.* FROM all_shingles s SEMI JOIN short_ids USING (qid)
),
rare_shingles AS (
    SELECT s.* FROM all_shingles s
    SEMI JOIN (
        SELECT shingle FROM all_shingles
        WHERE shingle IN (SELECT shingle FROM short_shingles)
        GROUP BY shingle HAVING count(*) BETWEEN 2 AND 64
    ) USING (shingle)
),
short_counts AS (
    SELECT qid, count(*) AS shingles FROM short_shingles GROUP BY qid
),
by_shingles AS (
    SELECT least(s.qid, o.qid) AS qid_a, greatest(s.qid, o.qid) AS qid_b
    FROM short_shingles s
    JOIN rare_shingles o ON o.shingle = s.shingle AND o.outlet <> s.outlet
    JOIN short_counts c ON c.qid = s.qid
    GROUP BY s.qid, o.qid, c.shingles
    HAVING count(*) >= greatest(least(2, c.shingles), 0.5 * c.shingles)
),
candidates AS (
    SELECT qid_a, qid_b FROM by_chunks
    UNION
    SELECT qid_a, qid_b FROM by_shingles
),
ids AS (
    SELECT qid, quote_id FROM attribution_quote_sources
)
SELECT least(a.quote_id, b.quote_id) AS quote_a, greatest(a.quote_id, b.quote_id) AS quote_b
FROM candidates c
JOIN ids a ON a.qid = c.qid_a
JOIN ids b ON b.qid = c.qid_b;
