-- Agreement, step 5 of 6: how far each pair of outlets agrees.
--
-- agreement_outlet_pairs: outlet_a, outlet_b, claims_a, claims_b, shared (claims both
-- report), jaccard (shared / claims either reports), same_stance (shared claims on
-- which their stance, as in agreement_coverage, is the same), same_stance_share.
-- Pairs grow with the square of the number of outlets, so at most the 100 outlets
-- reporting the most claims are paired.
CREATE OR REPLACE TABLE agreement_outlet_pairs AS
WITH compared AS (
    SELECT outlet_id, count(*) AS claims
    FROM agreement_coverage
    GROUP BY outlet_id
    ORDER BY claims DESC, outlet_id
    LIMIT 100
),
cells AS (
    SELECT c.claim_id, c.outlet_id, c.stance FROM agreement_coverage c JOIN compared USING (outlet_id)
),
shared AS (
    SELECT a.outlet_id AS outlet_a, b.outlet_id AS outlet_b,
           count(*) AS shared, count(*) FILTER (WHERE a.stance = b.stance) AS same_stance
    FROM cells a JOIN cells b ON a.claim_id = b.claim_id AND a.outlet_id < b.outlet_id
    GROUP BY a.outlet_id, b.outlet_id
)
SELECT
    a.outlet_id AS outlet_a, b.outlet_id AS outlet_b,
    a.claims AS claims_a, b.claims AS claims_b,
    coalesce(s.shared, 0) AS shared,
    round(coalesce(s.shared, 0) / (a.claims + b.claims - coalesce(s.shared, 0)), 3) AS jaccard,
    coalesce(s.same_stance, 0) AS same_stance,
    round(s.same_stance / nullif(s.shared, 0), 3) AS same_stance_share
FROM compared a
JOIN compared b ON a.outlet_id < b.outlet_id
LEFT JOIN shared s ON s.outlet_a = a.outlet_id AND s.outlet_b = b.outlet_id
ORDER BY jaccard DESC, outlet_a, outlet_b;
