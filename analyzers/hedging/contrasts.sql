-- Hedging, step 6 of 7: claims one outlet hedges and another states flatly.
--
-- Per claim and stance, an outlet hedges the claim when at least one of its mentions
-- is detected as hedged, and states it flatly when it mentions the claim but never
-- hedges it. hedge_contrasts has one row per outlet of every claim (and stance) that
-- some outlet hedges and another states flatly, with the outlet's example mention
-- (its first hedged mention, or its first mention):
--   claim_id, statement, stance, outlet_id, wording (hedged | flat), claim_mention_id,
--   article_id, char_start, char_end, text, detected_cues
CREATE OR REPLACE TABLE hedge_contrasts AS
WITH ranked AS (
    SELECT
        *,
        bool_or(detected_hedged) OVER (PARTITION BY claim_id, stance, outlet_id) AS outlet_hedged,
        row_number() OVER (
            PARTITION BY claim_id, stance, outlet_id
            ORDER BY detected_hedged DESC, article_id, char_start, claim_mention_id
        ) AS rank_in_outlet
    FROM hedge_claim_mentions
),
examples AS (
    SELECT * FROM ranked WHERE rank_in_outlet = 1
),
contrasted AS (
    SELECT claim_id, stance
    FROM examples
    GROUP BY claim_id, stance
    HAVING bool_or(outlet_hedged) AND NOT bool_and(outlet_hedged)
)
SELECT
    e.claim_id, c.statement, e.stance, e.outlet_id,
    CASE WHEN e.outlet_hedged THEN 'hedged' ELSE 'flat' END AS wording,
    e.claim_mention_id, e.article_id, e.char_start, e.char_end, e.text, e.detected_cues
FROM examples e
JOIN contrasted USING (claim_id, stance)
JOIN claims c USING (claim_id)
ORDER BY e.claim_id, e.stance, wording DESC, e.outlet_id;
