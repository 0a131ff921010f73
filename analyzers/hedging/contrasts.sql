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
WITH outlets AS (
    -- One row per claim, stance and outlet, from the narrow columns only: the texts of
    -- the example mentions are joined in at the end.
    SELECT
        claim_id, stance, outlet_id,
        bool_or(detected_hedged) AS outlet_hedged,
        arg_min(claim_mention_id, (NOT detected_hedged, article_id, char_start, claim_mention_id)) AS example
    FROM hedge_claim_mentions
    GROUP BY claim_id, stance, outlet_id
),
contrasted AS (
    SELECT claim_id, stance
    FROM outlets
    GROUP BY claim_id, stance
    HAVING bool_or(outlet_hedged) AND NOT bool_and(outlet_hedged)
),
examples AS (
    SELECT o.* FROM outlets o JOIN contrasted USING (claim_id, stance)
)
SELECT
    e.claim_id, c.statement, e.stance, e.outlet_id,
    CASE WHEN e.outlet_hedged THEN 'hedged' ELSE 'flat' END AS wording,
    m.claim_mention_id, m.article_id, m.char_start, m.char_end, m.text, m.detected_cues
FROM examples e
JOIN hedge_claim_mentions m ON m.claim_mention_id = e.example
JOIN claims c ON c.claim_id = e.claim_id
ORDER BY e.claim_id, e.stance, wording DESC, e.outlet_id;
