-- Attribution, step 7 of 9: the same statement quoted by different outlets.
--
-- Quotes are compared by their words, not by ids, and the work stays linear in the
-- number of quotes: pairs are only formed inside blocks of quotes that share a word
-- 3-gram (a shingle), and large blocks are only sampled.
--   * A rare shingle (in at most 50 quotes, from at least two outlets) pairs all the
--     quotes that have it; a pair is kept when the rare shingles it shares make up half
--     of the rare shingles of the quote with fewer (two at least, if it has two).
--   * A quote with at most one rare shingle is keyed by its three least common shared
--     shingles instead; in each such block the quotes are sorted by a MinHash of their
--     shingles, so that near-identical quotes sit together, and each meets the next 8
--     (a sorted neighbourhood); a pair is kept when one of two MinHashes agrees.
-- Each kept pair is then scored exactly: shared shingles over those of the shorter quote.
--   attribution_quote_shingles   quote_id, outlet_id, shingle (hash of a word 3-gram;
--                                a one- or two-word quote is a single shingle)
--   attribution_quote_stats      quote_id, shingles, rare, minhash_1, minhash_2
--   attribution_candidate_pairs  quote_a, quote_b: the pairs the blocking keeps
--   attribution_quote_pairs      quote_a, quote_b (different outlets), shared, overlap
--                                (shared / shingles of the shorter quote), jaccard
--   attribution_same_statements  the pairs that are the same statement: overlap of at
--                                least 0.5 and two shared shingles (one if the shorter
--                                quote has one); where a quote holds a nested quote that
--                                matches the same words, only the nested one is kept

CREATE OR REPLACE TABLE attribution_quote_shingles AS
WITH words AS (
    SELECT q.quote_id, a.outlet_id, regexp_extract_all(lower(q.text), '[\pL\pN]+') AS words
    FROM quotes q JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
)
SELECT DISTINCT quote_id, outlet_id, hash(words[i], words[i + 1], words[i + 2]) AS shingle
FROM (SELECT quote_id, outlet_id, words, unnest(range(1, len(words) - 1)) AS i FROM words WHERE len(words) >= 3)
UNION ALL
SELECT quote_id, outlet_id, hash(array_to_string(words, ' ')) FROM words WHERE len(words) BETWEEN 1 AND 2;

CREATE OR REPLACE TABLE attribution_shingle_counts AS
SELECT shingle, count(*) AS quotes
FROM attribution_quote_shingles
GROUP BY shingle
HAVING count(DISTINCT outlet_id) >= 2;

CREATE OR REPLACE TABLE attribution_quote_stats AS
SELECT
    s.quote_id,
    count(*) AS shingles,
    count(*) FILTER (WHERE c.quotes <= 50) AS rare,
    min(s.shingle) AS minhash_1,
    min(hash(s.shingle, 1)) AS minhash_2
FROM attribution_quote_shingles s
LEFT JOIN attribution_shingle_counts c USING (shingle)
GROUP BY s.quote_id;

CREATE OR REPLACE TABLE attribution_candidate_pairs AS
WITH shared_shingles AS (
    SELECT s.quote_id, s.outlet_id, s.shingle, c.quotes
    FROM attribution_quote_shingles s JOIN attribution_shingle_counts c USING (shingle)
),
rare_pairs AS (
    SELECT a.quote_id AS quote_a, b.quote_id AS quote_b, count(*) AS shared_rare
    FROM shared_shingles a
    JOIN shared_shingles b ON a.shingle = b.shingle AND a.quote_id < b.quote_id AND a.outlet_id <> b.outlet_id
    WHERE a.quotes <= 50 AND b.quotes <= 50
    GROUP BY a.quote_id, b.quote_id
),
common_keys AS (
    SELECT s.quote_id, s.outlet_id, s.shingle, st.minhash_1
    FROM shared_shingles s JOIN attribution_quote_stats st USING (quote_id)
    WHERE st.rare <= 1
    QUALIFY row_number() OVER (PARTITION BY s.quote_id ORDER BY s.quotes, s.shingle) <= 3
),
neighbourhoods AS (
    SELECT *, row_number() OVER (PARTITION BY shingle ORDER BY minhash_1, quote_id) AS position FROM common_keys
),
common_pairs AS (
    -- Joining on the partner's position (an equality) keeps this linear however
    -- large a block is.
    SELECT DISTINCT least(a.quote_id, b.quote_id) AS quote_a, greatest(a.quote_id, b.quote_id) AS quote_b
    FROM (SELECT shingle, quote_id, outlet_id, position + unnest(range(1, 9)) AS partner FROM neighbourhoods) a
    JOIN neighbourhoods b ON b.shingle = a.shingle AND b.position = a.partner
    WHERE a.outlet_id <> b.outlet_id
)
SELECT p.quote_a, p.quote_b
FROM rare_pairs p
JOIN attribution_quote_stats sa ON sa.quote_id = p.quote_a
JOIN attribution_quote_stats sb ON sb.quote_id = p.quote_b
WHERE p.shared_rare >= least(2, sa.rare, sb.rare) AND p.shared_rare >= 0.5 * least(sa.rare, sb.rare)
UNION
SELECT p.quote_a, p.quote_b
FROM common_pairs p
JOIN attribution_quote_stats sa ON sa.quote_id = p.quote_a
JOIN attribution_quote_stats sb ON sb.quote_id = p.quote_b
WHERE sa.minhash_1 = sb.minhash_1 OR sa.minhash_2 = sb.minhash_2;

CREATE OR REPLACE TABLE attribution_quote_pairs AS
WITH scored AS (
    SELECT c.quote_a, c.quote_b, count(*) AS shared
    FROM attribution_candidate_pairs c
    JOIN attribution_quote_shingles a ON a.quote_id = c.quote_a
    JOIN attribution_quote_shingles b ON b.quote_id = c.quote_b AND b.shingle = a.shingle
    GROUP BY c.quote_a, c.quote_b
)
SELECT
    s.quote_a, s.quote_b, s.shared,
    round(s.shared / least(sa.shingles, sb.shingles), 3) AS overlap,
    round(s.shared / (sa.shingles + sb.shingles - s.shared), 3) AS jaccard,
    least(sa.shingles, sb.shingles) AS shorter
FROM scored s
JOIN attribution_quote_stats sa ON sa.quote_id = s.quote_a
JOIN attribution_quote_stats sb ON sb.quote_id = s.quote_b;

CREATE OR REPLACE TABLE attribution_same_statements AS
WITH same AS (
    SELECT quote_a, quote_b, shared, overlap, jaccard
    FROM attribution_quote_pairs
    WHERE overlap >= 0.5 AND shared >= least(2, shorter)
),
both_ways AS (
    SELECT quote_a AS quote_id, quote_b AS other FROM same
    UNION ALL
    SELECT quote_b, quote_a FROM same
),
superseded AS (
    -- Pairs (parent, other) where a quote nested in the parent matches the other too.
    SELECT child.parent_quote_id AS quote_id, w.other
    FROM both_ways w JOIN quotes child ON child.quote_id = w.quote_id
    WHERE child.parent_quote_id IS NOT NULL
)
SELECT s.*
FROM same s
ANTI JOIN superseded x ON (x.quote_id = s.quote_a AND x.other = s.quote_b)
ANTI JOIN superseded y ON (y.quote_id = s.quote_b AND y.other = s.quote_a)
ORDER BY s.quote_a, s.quote_b;
