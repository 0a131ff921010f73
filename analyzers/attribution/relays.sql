-- Attribution, step 6 of 9: relay chains.
--
-- How a quote reaches the article: outlet -> the outlet or agency it came through
-- (relay) -> the speaker, and for a quote nested in another (parent_quote_id) the
-- enclosing quote's relay and speaker first. A relay named again by the nested quote
-- is not repeated. Only quotes that reach the article through someone are listed.
--   attribution_relay_chains  quote_id, article_id, outlet_id, nesting (enclosing
--                             quotes), steps (list, after the outlet), first_step,
--                             chain ('outlet -> AP -> Jen Psaki'), speaker
CREATE OR REPLACE TABLE attribution_relay_chains AS
WITH RECURSIVE involved AS (
    -- Only quotes with a relay or an enclosing quote have a chain, and their enclosing quotes.
    SELECT quote_id FROM attribution_quotes WHERE relay IS NOT NULL OR parent_quote_id IS NOT NULL
    UNION
    SELECT parent_quote_id FROM attribution_quotes WHERE parent_quote_id IS NOT NULL
),
links AS (
    -- The steps a quote adds: its relay (unless the enclosing quote already names
    -- the same source) and its speaker.
    SELECT
        q.quote_id,
        q.parent_quote_id,
        q.relay IS NOT NULL OR q.parent_quote_id IS NOT NULL AS has_chain,
        CASE
            WHEN q.relay IS NULL THEN [q.speaker]
            WHEN p.quote_id IS NOT NULL AND (
                   lower(q.relay) IN (lower(p.speaker), lower(coalesce(p.relay, '')))
                OR q.relay_entity_id IN (p.speaker_entity_id, p.relay_entity_id))
                THEN [q.speaker]
            ELSE [q.relay, q.speaker]
        END AS steps
    FROM attribution_quotes q
    SEMI JOIN involved USING (quote_id)
    LEFT JOIN attribution_quotes p ON p.quote_id = q.parent_quote_id
),
walk(quote_id, next_parent, steps, nesting) AS (
    SELECT quote_id, parent_quote_id, steps, 0 FROM links WHERE has_chain
    UNION ALL
    SELECT w.quote_id, p.parent_quote_id, list_concat(p.steps, w.steps), w.nesting + 1
    FROM walk w JOIN links p ON p.quote_id = w.next_parent
    WHERE w.nesting < 32  -- a guard against parent cycles in unvalidated data
)
SELECT
    q.quote_id, q.article_id, q.outlet_id, w.nesting, w.steps, w.steps[1] AS first_step,
    q.outlet_id || ' → ' || array_to_string(w.steps, ' → ') AS chain,
    q.speaker
FROM walk w
JOIN attribution_quotes q USING (quote_id)
WHERE w.next_parent IS NULL AND len(w.steps) >= 2
ORDER BY q.outlet_id, q.article_id, q.char_start;
