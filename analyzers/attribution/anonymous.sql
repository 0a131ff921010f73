-- Attribution, step 4 of 9: claims that rest only on anonymous sources.
--
-- A claim rests only on anonymous sources when every mention that credits it to a
-- source (voice = 'source') comes through a quote whose source is anonymous.
--   attribution_source_mentions  those mentions, with their outlet, text, quote and source
--   attribution_claim_sources    claim_id, statement, source_mentions,
--                                anonymous_mentions, outlets, anonymous_only
--                                (claims credited to a source at least once)
--   attribution_outlet_anonymity outlet_id, sourced_claims, anonymous_only_claims,
--                                anonymous_only_share: the same, within each outlet
CREATE OR REPLACE TABLE attribution_source_mentions AS
SELECT m.claim_mention_id, m.claim_id, m.article_id, a.outlet_id, m.char_start, m.char_end, m.text,
       m.quote_id, q.source_type, q.speaker_text, coalesce(q.source_type = 'anonymous', false) AS anonymous
FROM claim_mentions m
JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
LEFT JOIN quotes q ON q.quote_id = m.quote_id
WHERE m.voice = 'source';

CREATE OR REPLACE TABLE attribution_claim_sources AS
SELECT
    s.claim_id,
    c.statement,
    count(*) AS source_mentions,
    count(*) FILTER (WHERE s.anonymous) AS anonymous_mentions,
    count(DISTINCT s.outlet_id) AS outlets,
    bool_and(s.anonymous) AS anonymous_only
FROM attribution_source_mentions s
JOIN claims c USING (claim_id)
GROUP BY s.claim_id, c.statement
ORDER BY anonymous_only DESC, s.claim_id;

CREATE OR REPLACE TABLE attribution_outlet_anonymity AS
WITH per_claim AS (
    SELECT outlet_id, claim_id, bool_and(anonymous) AS anonymous_only
    FROM attribution_source_mentions
    GROUP BY outlet_id, claim_id
)
SELECT
    o.outlet_id,
    count(p.claim_id) AS sourced_claims,
    count(*) FILTER (WHERE p.anonymous_only) AS anonymous_only_claims,
    round(count(*) FILTER (WHERE p.anonymous_only) / nullif(count(p.claim_id), 0), 3) AS anonymous_only_share
FROM outlets o
LEFT JOIN per_claim p USING (outlet_id)
GROUP BY o.outlet_id
ORDER BY o.outlet_id;
