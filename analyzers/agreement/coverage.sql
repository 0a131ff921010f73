-- Agreement, step 2 of 6: which outlet reports which claim.
--
--   agreement_coverage  claim_id, outlet_id, mentions, supports, denies, stance
--                       (supports | denies | both): the claim-by-outlet matrix, one
--                       row per filled cell
--   agreement_claims    claim_id, statement, kind, outlets (corroboration: distinct
--                       outlets reporting it), articles, mentions, outlet_ids,
--                       single_outlet
-- agreement_matrix, the same cells as a wide table (one row per claim, one column per
-- outlet holding its stance; empty: the outlet does not report it), is built from
-- agreement_coverage by agreement.py. In SQL it is
--   PIVOT agreement_coverage ON outlet_id USING first(stance) GROUP BY claim_id ORDER BY claim_id
-- which takes far longer with hundreds of outlets.
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

CREATE OR REPLACE TABLE agreement_claims AS
WITH by_outlet AS (
    -- Counted from the coverage cells: one per claim and outlet, so no DISTINCT is needed.
    SELECT claim_id,
           count(outlet_id) AS outlets,
           CAST(sum(mentions) AS BIGINT) AS mentions,
           list(outlet_id ORDER BY outlet_id) FILTER (WHERE outlet_id IS NOT NULL) AS outlet_ids
    FROM agreement_coverage
    GROUP BY claim_id
),
by_article AS (
    SELECT claim_id, count(*) AS articles
    FROM (SELECT DISTINCT claim_id, article_id FROM agreement_mentions)
    GROUP BY claim_id
)
SELECT
    c.claim_id, c.statement, c.kind,
    coalesce(o.outlets, 0) AS outlets,
    coalesce(a.articles, 0) AS articles,
    coalesce(o.mentions, 0) AS mentions,
    o.outlet_ids,
    coalesce(o.outlets, 0) = 1 AS single_outlet
FROM claims c
LEFT JOIN by_outlet o USING (claim_id)
LEFT JOIN by_article a USING (claim_id)
ORDER BY outlets DESC, c.claim_id;
