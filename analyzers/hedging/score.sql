-- Hedging, step 7 of 7: the detector scored against the gold flags.
--
-- Each claim mention whose flag is a reference (made by hand, or planted by the
-- generator) is an item: gold_hedged from the annotation, detected_hedged from the cue
-- spans (step 5). Automatically annotated mentions are left out.
--   hedge_confusion  gold_hedged, detected_hedged, claim_mentions (all four cells)
--   hedge_score      claim_mentions, true_positives, false_positives, false_negatives,
--                    true_negatives, precision, recall, f1 (NULL where undefined:
--                    no gold hedges and no detections)
CREATE OR REPLACE TABLE hedge_confusion AS
SELECT g.gold_hedged, d.detected_hedged, count(m.claim_mention_id) AS claim_mentions
FROM (VALUES (true), (false)) g(gold_hedged)
CROSS JOIN (VALUES (true), (false)) d(detected_hedged)
LEFT JOIN (SELECT * FROM hedge_claim_mentions WHERE reference) m
  ON m.gold_hedged = g.gold_hedged AND m.detected_hedged = d.detected_hedged
GROUP BY ALL
ORDER BY g.gold_hedged DESC, d.detected_hedged DESC;

CREATE OR REPLACE TABLE hedge_score AS
WITH counts AS (
    SELECT
        count(*) AS claim_mentions,
        count(*) FILTER (WHERE outcome = 'true_positive') AS tp,
        count(*) FILTER (WHERE outcome = 'false_positive') AS fp,
        count(*) FILTER (WHERE outcome = 'false_negative') AS fn,
        count(*) FILTER (WHERE outcome = 'true_negative') AS tn
    FROM hedge_claim_mentions
    WHERE reference
),
rates AS (
    SELECT *, tp / nullif(tp + fp, 0) AS precision, tp / nullif(tp + fn, 0) AS recall
    FROM counts
)
SELECT
    claim_mentions,
    tp AS true_positives, fp AS false_positives, fn AS false_negatives, tn AS true_negatives,
    round(precision, 4) AS precision,
    round(recall, 4) AS recall,
    -- 2PR / (P + R), written so that it is 0 (not undefined) when nothing is right.
    round(2 * tp / nullif(2 * tp + fp + fn, 0), 4) AS f1
FROM rates;
