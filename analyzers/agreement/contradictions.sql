-- Agreement, step 3 of 6: claims one outlet supports and another reports denied.
--
-- agreement_contradictions: one row per denying mention of a claim that some outlet
-- supports while a different outlet reports it denied:
--   claim_id, statement, supporting_outlets, denying_outlet, denied_by (who denies
--   it: the source entity, the quote's speaker, or the outlet itself), voice,
--   claim_mention_id, article_id, char_start, char_end
CREATE OR REPLACE TABLE agreement_contradictions AS
WITH sides AS (
    SELECT
        claim_id,
        list(DISTINCT outlet_id ORDER BY outlet_id) FILTER (WHERE stance = 'supports') AS supporting_outlets,
        count(DISTINCT outlet_id) FILTER (WHERE stance = 'supports') AS supporting,
        count(DISTINCT outlet_id) FILTER (WHERE stance = 'denies') AS denying,
        count(DISTINCT outlet_id) AS outlets
    FROM agreement_mentions
    GROUP BY claim_id
),
contested AS (
    -- Some outlet supports, some outlet reports a denial, and they are not all one
    -- outlet reporting both sides.
    SELECT * FROM sides WHERE supporting >= 1 AND denying >= 1 AND outlets >= 2
)
SELECT
    m.claim_id, c.statement, s.supporting_outlets, m.outlet_id AS denying_outlet,
    coalesce(m.credited_to, '(unnamed)') AS denied_by, m.voice,
    m.claim_mention_id, m.article_id, m.char_start, m.char_end
FROM agreement_mentions m
JOIN contested s USING (claim_id)
JOIN claims c USING (claim_id)
WHERE m.stance = 'denies'
ORDER BY m.claim_id, m.outlet_id, m.article_id, m.char_start;
