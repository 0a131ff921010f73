-- Agreement, step 3 of 6: claims one outlet supports and another reports denied.
--
-- agreement_contradictions: one row per denying mention of a claim that some outlet
-- supports while a different outlet reports it denied:
--   claim_id, statement, supporting_outlets, denying_outlet, denied_by (who denies
--   it: the source entity, the quote's speaker, or the outlet itself), voice,
--   claim_mention_id, article_id, char_start, char_end
CREATE OR REPLACE TABLE agreement_contradictions AS
WITH sides AS (
    -- From the coverage cells (one per claim and outlet): no DISTINCT needed.
    SELECT
        claim_id,
        count(outlet_id) FILTER (WHERE supports > 0) AS supporting,
        count(outlet_id) FILTER (WHERE denies > 0) AS denying,
        count(outlet_id) AS outlets
    FROM agreement_coverage
    GROUP BY claim_id
),
contested AS (
    -- Some outlet supports, some outlet reports a denial, and they are not all one
    -- outlet reporting both sides.
    SELECT claim_id FROM sides WHERE supporting >= 1 AND denying >= 1 AND outlets >= 2
),
supporters AS (
    SELECT claim_id, list(outlet_id ORDER BY outlet_id) AS supporting_outlets
    FROM agreement_coverage
    JOIN contested USING (claim_id)
    WHERE supports > 0 AND outlet_id IS NOT NULL
    GROUP BY claim_id
)
SELECT
    m.claim_id, c.statement, s.supporting_outlets, m.outlet_id AS denying_outlet,
    coalesce(m.credited_to, '(unnamed)') AS denied_by, m.voice,
    m.claim_mention_id, m.article_id, m.char_start, m.char_end
FROM agreement_mentions m
JOIN supporters s USING (claim_id)
JOIN claims c USING (claim_id)
WHERE m.stance = 'denies'
ORDER BY m.claim_id, m.outlet_id, m.article_id, m.char_start;
