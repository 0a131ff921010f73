-- Hedging, step 3 of 7: hedge cues in the text.
--
-- hedge_cue_patterns: each lexicon cue with the regular expression it is matched with
-- and the key a match is looked up by. hedge_cue_spans: every cue found in the
-- articles' own text (boilerplate left out), one row per match:
--   article_id, char_start, char_end, text (the words as written), cue, category.
-- Matching is case-insensitive, at word boundaries, and the longest cue wins where
-- cues start at the same place ('has not been confirmed' rather than 'could').

-- A number in digits ('100,000') or words ('tens of thousands', 'a dozen').
SET VARIABLE hedge_number = '(?:\d+(?:[.,]\d+)*|(?:a[\s\pZ]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens?|hundreds?|thousands?|millions?|billions?))(?:[\s\pZ]+(?:hundred|thousand|million|billion)s?)?';
-- What may stand before and after the negation of a negated_certainty cue.
SET VARIABLE hedge_auxiliaries = 'has|have|had|is|are|was|were|do|does|did|ca|can|could|would|wo|will|should|may|might|must';
SET VARIABLE hedge_negation_fillers = 'yet|been|be|being|fully|independently|officially|directly|entirely|publicly|definitively|immediately|clearly|really';

-- Normalizes a match (or a cue) to the key it is looked up by: lower case, straight
-- apostrophes, single spaces, negations reduced to 'not', numbers to '#'.
CREATE OR REPLACE MACRO hedge_match_key(words) AS
    regexp_replace(
        regexp_replace(
            regexp_replace(replace(lower(words), '’', ''''), '[\s\pZ]+', ' ', 'g'),
            '^(?:(?:' || getvariable('hedge_auxiliaries') || ') ?)?(?:not|n''t|never)(?: (?:'
                || getvariable('hedge_negation_fillers') || '))* ',
            'not '),
        ' (?:' || getvariable('hedge_number') || ')$',
        ' #');

CREATE OR REPLACE TABLE hedge_cue_patterns AS
WITH escaped AS (
    SELECT
        cue, category,
        -- Regex metacharacters taken literally; then each apostrophe matches ' or ’,
        -- each space any run of whitespace, '#' a number.
        replace(replace(replace(replace(
            regexp_replace(lower(cue), '([.^$*+?()\[\]{}|\\])', '\\\1', 'g'),
            '''', '[''’]'), '’', '[''’]'), ' ', '[\s\pZ]+'),
            '#', '(?:' || getvariable('hedge_number') || ')') AS body
    FROM hedge_lexicon
)
SELECT
    cue,
    category,
    hedge_match_key(cue) AS cue_key,
    CASE
        WHEN category = 'negated_certainty' AND starts_with(body, 'not[\s\pZ]+') THEN
            '(?:(?:' || getvariable('hedge_auxiliaries') || ')[\s\pZ]*)?(?:not|n[''’]t|never)(?:[\s\pZ]+(?:'
            || getvariable('hedge_negation_fillers') || '))*[\s\pZ]+' || substring(body, length('not[\s\pZ]+') + 1)
        ELSE body
    END AS pattern
FROM escaped;

-- One alternation of every cue, longest first so that it wins at a shared start.
SET VARIABLE hedge_cue_regex = (
    SELECT '(?i)\b(?:' || string_agg(pattern, '|' ORDER BY length(cue) DESC, cue) || ')\b'
    FROM hedge_cue_patterns
);

CREATE OR REPLACE TABLE hedge_cue_spans AS
WITH scanned AS (
    -- The matches of a segment, and the text before each of them: two fast scans of
    -- the same regular expression, from which the offsets follow.
    SELECT article_id, seg_start,
           regexp_extract_all(text, getvariable('hedge_cue_regex')) AS hits,
           regexp_split_to_array(text, getvariable('hedge_cue_regex')) AS gaps
    FROM hedge_text_segments
),
numbered AS (
    SELECT article_id, seg_start,
           unnest(gaps) AS gap, unnest(hits) AS hit, generate_subscripts(gaps, 1) AS i
    FROM scanned
    WHERE len(hits) > 0
),
placed AS (
    SELECT article_id, hit,
           CAST(seg_start + sum(length(gap) + coalesce(length(hit), 0)) OVER (
               PARTITION BY article_id, seg_start ORDER BY i ROWS UNBOUNDED PRECEDING
           ) AS BIGINT) AS char_end
    FROM numbered
)
SELECT p.article_id, p.char_end - length(p.hit) AS char_start, p.char_end, p.hit AS text,
       c.cue, c.category
FROM placed p JOIN hedge_cue_patterns c ON c.cue_key = hedge_match_key(p.hit)
WHERE p.hit IS NOT NULL
ORDER BY p.article_id, char_start;
