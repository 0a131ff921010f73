-- Hedging, step 3 of 7: hedge cues in the text.
--
-- hedge_cue_patterns: each lexicon cue with the regular expression it is matched with
-- and the key a match is looked up by. hedge_segment_pieces: each segment of text
-- (step 2) cut at its cue matches, in one scan of the text: the words of the segment
-- (runs of characters between whitespace), and per piece the length of the text before
-- a match and the match. hedge_cue_spans: every cue found in the articles' own text
-- (boilerplate left out), one row per match:
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

-- A text with every run of whitespace (\s or \pZ, as in '[^\s\pZ]+') made one space,
-- and the number of words in such a text: no regular expression match per word.
CREATE OR REPLACE MACRO hedge_single_spaced(t) AS
    regexp_replace(t, '[\s\pZ]{2,}|[^\PZ ]|[\t\n\f\r]', ' ', 'g');
CREATE OR REPLACE MACRO hedge_spaced_words(s) AS
    CASE WHEN s = '' THEN 0
         ELSE strlen(s) - strlen(replace(s, ' ', '')) + 1 - starts_with(s, ' ')::INTEGER - ends_with(s, ' ')::INTEGER
    END;

CREATE OR REPLACE TABLE hedge_segment_pieces AS
WITH spaced AS (
    SELECT article_id, outlet_id, seg_start, text, hedge_single_spaced(text) AS spaced,
           -- One scan of the text for its matches and the text around them: each match is
           -- set off by U+0001 and the text cut there (gap, match, gap, ... gap). A text that
           -- holds U+0001 itself is scanned twice below instead.
           CASE WHEN NOT contains(text, chr(1)) THEN
               string_split(regexp_replace(text, getvariable('hedge_cue_regex'), chr(1) || '\0' || chr(1), 'g'), chr(1))
           END AS cut
    FROM hedge_text_segments
),
scanned AS (
    SELECT article_id, outlet_id, seg_start, hedge_spaced_words(spaced) AS words,
           CASE WHEN cut IS NULL THEN regexp_extract_all(text, getvariable('hedge_cue_regex')) ELSE cut[2:-1:2] END AS hits,
           CASE WHEN cut IS NULL THEN regexp_split_to_array(text, getvariable('hedge_cue_regex')) ELSE cut[1:-1:2] END AS gaps
    FROM spaced
),
numbered AS (
    SELECT article_id, outlet_id, seg_start, words,
           unnest(gaps) AS gap, unnest(hits) AS hit, generate_subscripts(gaps, 1) AS piece
    FROM scanned
)
SELECT article_id, outlet_id, seg_start, words, piece, length(gap) AS gap_length, hit
FROM numbered;

CREATE OR REPLACE TABLE hedge_cue_spans AS
WITH placed AS (
    SELECT article_id, hit,
           CAST(seg_start + sum(gap_length + coalesce(length(hit), 0)) OVER (
               PARTITION BY article_id, seg_start ORDER BY piece ROWS UNBOUNDED PRECEDING
           ) AS BIGINT) AS char_end
    FROM hedge_segment_pieces
    -- The last piece of a segment is the text after its last match.
    WHERE hit IS NOT NULL
)
SELECT p.article_id, p.char_end - length(p.hit) AS char_start, p.char_end, p.hit AS text,
       c.cue, c.category
FROM placed p JOIN hedge_cue_patterns c ON c.cue_key = hedge_match_key(p.hit)
ORDER BY p.article_id, char_start;
