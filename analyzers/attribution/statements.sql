-- Attribution, step 8 of 10: the same statement in different outlets.
--
-- A candidate pair (step 7) is the same statement when nearly every word of the quote with
-- fewer distinct words is among the other's: all but a fifth of them, or all but two for a
-- quote of fewer than ten words (and at least three words in common). Words are compared
-- as in step 7 (lower case, no punctuation), each counted once. Where a quote holds a
-- nested quote that matches the same words, only the nested one is kept, so an outlet
-- relaying a person is not taken for a second speaker.
--   attribution_same_statements  quote_a, quote_b, shared (distinct words in common),
--                                overlap (shared / distinct words of the quote with fewer),
--                                jaccard (shared / distinct words of both)
CREATE OR REPLACE TABLE attribution_same_statements AS
WITH bags AS (
    SELECT quote_id, list_distinct(string_split(attribution_words(text), ' ')) AS bag
    FROM quotes
    SEMI JOIN (SELECT quote_a AS quote_id FROM attribution_candidate_pairs UNION SELECT quote_b FROM attribution_candidate_pairs) USING (quote_id)
),
scored AS (
    SELECT c.quote_a, c.quote_b, len(list_intersect(a.bag, b.bag)) AS shared, len(a.bag) AS words_a, len(b.bag) AS words_b
    FROM attribution_candidate_pairs c
    JOIN bags a ON a.quote_id = c.quote_a
    JOIN bags b ON b.quote_id = c.quote_b
),
same AS (
    SELECT quote_a, quote_b, shared,
           round(shared / least(words_a, words_b), 3) AS overlap,
           round(shared / (words_a + words_b - shared), 3) AS jaccard
    FROM scored
    WHERE shared >= greatest(3, least(words_a, words_b) - greatest(2, 0.2 * least(words_a, words_b)))
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
