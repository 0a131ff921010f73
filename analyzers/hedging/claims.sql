-- Hedging, step 5 of 7: hedged claim mentions.
--
-- A claim mention is detected as hedged when a cue span lies inside it. The gold flag
-- (claim_mentions.hedged) is carried along for the self-score.
--   hedge_claim_mentions  claim_mention_id, claim_id, article_id, outlet_id, voice,
--                         stance, char_start, char_end, text, detected_hedged,
--                         detected_cues (' | '-separated, as written), gold_hedged,
--                         gold_cues, reference (the flag is made by hand or
--                         planted, not by automatic annotation), outcome
--                         (true_positive, false_positive, false_negative,
--                         true_negative)
--   hedge_outlet_claims   outlet_id, claim_mentions, detected_hedged, detected_share,
--                         gold_hedged, gold_share

CREATE OR REPLACE TABLE hedge_claim_mentions AS
WITH inside AS (
    SELECT m.claim_mention_id, c.char_start, c.text
    FROM claim_mentions m
    JOIN hedge_cue_spans c
      ON c.article_id = m.article_id AND c.char_start >= m.char_start AND c.char_end <= m.char_end
),
counted AS (
    SELECT claim_mention_id, count(*) AS cues, arg_min(text, char_start) AS first_cue
    FROM inside
    GROUP BY claim_mention_id
),
detected AS (
    -- Most mentions hold one cue; only the others need their cues put in order.
    SELECT claim_mention_id, first_cue AS detected_cues FROM counted WHERE cues = 1
    UNION ALL
    SELECT i.claim_mention_id, string_agg(i.text, ' | ' ORDER BY i.char_start)
    FROM inside i
    JOIN counted n ON n.claim_mention_id = i.claim_mention_id AND n.cues > 1
    GROUP BY i.claim_mention_id
)
SELECT
    m.claim_mention_id, m.claim_id, m.article_id, a.outlet_id, m.voice, m.stance,
    m.char_start, m.char_end, m.text,
    d.claim_mention_id IS NOT NULL AS detected_hedged,
    d.detected_cues,
    m.hedged AS gold_hedged,
    m.hedge_cues AS gold_cues,
    -- A flag made by hand, or planted by the generator, is a reference to score against;
    -- one made by automatic annotation (falseflag ingest) is not.
    m.annotator = 'gold' OR m.annotator LIKE 'falseflag-synth %' AS reference,
    CASE
        WHEN m.hedged AND d.claim_mention_id IS NOT NULL THEN 'true_positive'
        WHEN d.claim_mention_id IS NOT NULL THEN 'false_positive'
        WHEN m.hedged THEN 'false_negative'
        ELSE 'true_negative'
    END AS outcome
FROM claim_mentions m
JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
LEFT JOIN detected d USING (claim_mention_id)
ORDER BY m.article_id, m.char_start, m.claim_mention_id;

CREATE OR REPLACE TABLE hedge_outlet_claims AS
SELECT
    o.outlet_id,
    count(m.claim_mention_id) AS claim_mentions,
    count(*) FILTER (WHERE m.detected_hedged) AS detected_hedged,
    round(count(*) FILTER (WHERE m.detected_hedged) / nullif(count(m.claim_mention_id), 0), 3) AS detected_share,
    count(*) FILTER (WHERE m.gold_hedged) AS gold_hedged,
    round(count(*) FILTER (WHERE m.gold_hedged) / nullif(count(m.claim_mention_id), 0), 3) AS gold_share
FROM outlets o
LEFT JOIN hedge_claim_mentions m USING (outlet_id)
GROUP BY o.outlet_id
ORDER BY o.outlet_id;
