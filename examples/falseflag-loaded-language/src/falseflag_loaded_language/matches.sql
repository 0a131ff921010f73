-- loaded-language: every lexicon term found in an article's own text.
-- A term matches as a whole word or phrase, case-insensitively, with an optional plural
-- -s/-es; curly apostrophes count as straight ones. Matches inside boilerplate are left
-- out, and where terms overlap ("propaganda" inside "propaganda apparatus") the longest
-- match wins. `quoted` is true inside a direct or mixed quotation.
CREATE OR REPLACE TEMP TABLE loaded_language_matches AS
WITH patterns AS (
    SELECT term, category, note,
           '(?i)\b'
           || regexp_replace(replace(term, '’', ''''), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g')
           || '(?:e?s)?\b' AS pattern
    FROM loaded_language_lexicon
),
texts AS (
    -- translate() swaps one character for one, so offsets in `plain` are offsets in `text`.
    SELECT article_id, outlet_id, text, translate(text, '’‘', '''''') AS plain
    FROM articles
),
found AS (
    -- The k-th match starts after the first k pieces the text splits into and the k-1
    -- matches before it: DuckDB has no function that returns match offsets directly.
    SELECT t.article_id, t.outlet_id, t.text, p.term, p.category, p.note,
           regexp_split_to_array(t.plain, p.pattern) AS pieces,
           regexp_extract_all(t.plain, p.pattern) AS hits
    FROM texts t JOIN patterns p ON regexp_matches(t.plain, p.pattern)
),
numbered AS (
    SELECT *, unnest(range(1, len(hits) + 1)) AS k FROM found
),
spans AS (
    SELECT article_id, outlet_id, term, category, note, start AS char_start, start + length(hits[k]) AS char_end,
           substring(text, start + 1, length(hits[k])) AS text
    FROM (
        SELECT *, length(array_to_string(pieces[1:k], '')) + coalesce(length(array_to_string(hits[1:k - 1], '')), 0) AS start
        FROM numbered
    )
)
SELECT s.article_id, s.outlet_id, s.char_start, s.char_end, s.text, s.term, s.category, s.note,
       EXISTS (
           SELECT 1 FROM quotes q
           WHERE q.article_id = s.article_id AND q.kind IN ('direct', 'mixed')
             AND q.char_start <= s.char_start AND s.char_end <= q.char_end
       ) AS quoted
FROM spans s
WHERE NOT EXISTS (
        SELECT 1 FROM boilerplate b
        WHERE b.article_id = s.article_id AND b.char_start < s.char_end AND s.char_start < b.char_end
    )
  AND NOT EXISTS (
        SELECT 1 FROM spans longer
        WHERE longer.article_id = s.article_id
          AND longer.char_start <= s.char_start AND s.char_end <= longer.char_end
          AND longer.char_end - longer.char_start > s.char_end - s.char_start
    )
ORDER BY s.article_id, s.char_start
