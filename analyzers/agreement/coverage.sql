-- Agreement, step 2 of 6: which outlet reports which claim.
--
--   agreement_coverage  claim_id, outlet_id, mentions, supports, denies, stance
--                       (supports | denies | both): the claim-by-outlet matrix, one
--                       row per filled cell
--   agreement_matrix    the same as a wide table: one row per claim, one column per
--                       outlet holding its stance (empty: the outlet does not report it)
--   agreement_claims    claim_id, statement, kind, outlets (corroboration: distinct
--                       outlets reporting it), articles, mentions, outlet_ids,
--                       single_outlet
CREATE OR REPLACE TABLE agreement_coverage AS
SELECT
    claim_id, outlet_id,
    count(*) AS mentions,
    count(*) FILTER (WHERE stance = 'supports') AS supports,
    count(*) FILTER (WHERE stance = 'denies') AS denies,
    CASE
        WHEN count(*) FILTER (WHERE stance = 'denies') = 0 THEN 'supports'
        WHEN count(*) FILTER (WHERE stance = 'supports') = 0 THEN 'denies'
        ELSE 'both'
    END AS stance
FROM agreement_mentions
GROUP BY claim_id, outlet_id
ORDER BY claim_id, outlet_id;

CREATE OR REPLACE TABLE agreement_matrix AS
SELECT * FROM (PIVOT agreement_coverage ON outlet_id USING first(stance) GROUP BY claim_id)
ORDER BY claim_id;

CREATE OR REPLACE TABLE agreement_claims AS
SELECT
    c.claim_id, c.statement, c.kind,
    count(DISTINCT m.outlet_id) AS outlets,
    count(DISTINCT m.article_id) AS articles,
    count(m.claim_mention_id) AS mentions,
    list(DISTINCT m.outlet_id ORDER BY m.outlet_id) FILTER (WHERE m.outlet_id IS NOT NULL) AS outlet_ids,
    count(DISTINCT m.outlet_id) = 1 AS single_outlet
FROM claims c
LEFT JOIN agreement_mentions m USING (claim_id)
GROUP BY c.claim_id, c.statement, c.kind
ORDER BY outlets DESC, c.claim_id;
