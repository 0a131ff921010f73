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
WITH found AS (
    SELECT quote_id, article_id, outlet_id, cue, cue_start, cue_end,
           nullif(regexp_extract(lower(replace(cue, '’', '''')), getvariable('attribution_verb_regex')), '') AS verb
    FROM attribution_quotes
    WHERE cue IS NOT NULL
)
SELECT f.quote_id, f.article_id, f.outlet_id, f.cue, f.cue_start, f.cue_end,
       f.verb, coalesce(v.class, 'unclassified') AS verb_class
FROM found f
LEFT JOIN attribution_verb_lexicon v ON v.verb = regexp_replace(f.verb, '[\s\pZ]+', ' ', 'g')
ORDER BY f.article_id, f.cue_start, f.quote_id;

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
