-- Attribution, step 5 of 9: the reporting verbs each outlet uses.
--
-- The first lexicon verb in a quote's cue classes it ('told reporters' -> told,
-- neutral; 'has repeatedly denied' -> denied). Cues with no lexicon verb are
-- 'unclassified'; quotes without a cue are left out.
--   attribution_verb_uses  quote_id, article_id, outlet_id, cue, cue_start, cue_end,
--                          verb, verb_class
--   attribution_verb_mix   outlet_id, cues, neutral, loaded, unclassified, loaded_share
--                          (of classified cues), loaded_verbs (distinct, as found)

-- One alternation of every verb form, longest first, at word boundaries.
SET VARIABLE attribution_verb_regex = (
    SELECT '\b(?:' || string_agg(
        replace(regexp_replace(verb, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g'), ' ', '[\s\pZ]+'),
        '|' ORDER BY length(verb) DESC, verb) || ')\b'
    FROM attribution_verb_lexicon
);

CREATE OR REPLACE TABLE attribution_verb_uses AS
WITH cues AS (
    -- Each distinct cue is classed once: far fewer than the quotes.
    SELECT cue, nullif(regexp_extract(lower(replace(cue, '’', '''')), getvariable('attribution_verb_regex')), '') AS verb
    FROM (SELECT DISTINCT cue FROM attribution_quotes WHERE cue IS NOT NULL)
),
classed AS (
    SELECT c.cue, c.verb, coalesce(v.class, 'unclassified') AS verb_class
    FROM cues c
    LEFT JOIN attribution_verb_lexicon v ON v.verb = regexp_replace(c.verb, '[\s\pZ]+', ' ', 'g')
)
SELECT q.quote_id, q.article_id, q.outlet_id, q.cue, q.cue_start, q.cue_end, c.verb, c.verb_class
FROM attribution_quotes q
JOIN classed c USING (cue)
ORDER BY q.article_id, q.cue_start, q.quote_id;

CREATE OR REPLACE TABLE attribution_verb_mix AS
SELECT
    o.outlet_id,
    count(u.quote_id) AS cues,
    count(*) FILTER (WHERE u.verb_class = 'neutral') AS neutral,
    count(*) FILTER (WHERE u.verb_class = 'loaded') AS loaded,
    count(*) FILTER (WHERE u.verb_class = 'unclassified') AS unclassified,
    round(count(*) FILTER (WHERE u.verb_class = 'loaded')
          / nullif(count(*) FILTER (WHERE u.verb_class <> 'unclassified'), 0), 3) AS loaded_share,
    list(DISTINCT u.verb ORDER BY u.verb) FILTER (WHERE u.verb_class = 'loaded') AS loaded_verbs
FROM outlets o
LEFT JOIN attribution_verb_uses u USING (outlet_id)
GROUP BY o.outlet_id
ORDER BY o.outlet_id;
