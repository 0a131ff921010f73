-- Hedging, step 2 of 7: the text each article reports in its own words.
--
-- The stretches of articles.text between boilerplate spans (page furniture, appeals,
-- link lists ...), which the scans below leave out. A segment keeps its offset in the
-- article, so that positions found in it map back exactly.
--   hedge_article_cuts   article_id, segments (list of {seg_start, seg_end}; seg_end NULL:
--                        to the end of the text), for articles with boilerplate
--   hedge_text_segments  (a view) article_id, outlet_id, seg_start, seg_end, text
-- The view reads each article's text once and cuts it as it goes: the text is never
-- copied into a table.
CREATE OR REPLACE TABLE hedge_article_cuts AS
WITH spans AS (
    -- Each boilerplate span with the furthest end of the spans before it, so that
    -- overlapping or nested spans leave no gap between them.
    SELECT
        article_id,
        char_start,
        coalesce(max(char_end) OVER (
            PARTITION BY article_id ORDER BY char_start, char_end
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ), 0) AS covered_to
    FROM boilerplate
),
cuts AS (
    -- The stretch before each boilerplate span ...
    SELECT article_id, covered_to AS seg_start, char_start AS seg_end FROM spans
    WHERE char_start > covered_to
    UNION ALL
    -- ... and the stretch after the last one, to the end of the text.
    SELECT article_id, max(char_end), NULL FROM boilerplate GROUP BY article_id
)
-- One row per article (not per segment), so that the join below keeps this small
-- table, not the articles and their text, in its hash table.
SELECT article_id, list({'seg_start': seg_start, 'seg_end': seg_end} ORDER BY seg_start) AS segments
FROM cuts
GROUP BY article_id;

CREATE OR REPLACE VIEW hedge_text_segments AS
WITH cut AS (
    SELECT a.article_id, a.outlet_id, a.text,
           unnest(coalesce(c.segments, [{'seg_start': 0::BIGINT, 'seg_end': NULL::BIGINT}])) AS segment
    FROM articles a
    LEFT JOIN hedge_article_cuts c USING (article_id)
),
bounded AS (
    SELECT article_id, outlet_id, text, length(text) AS text_length, segment.seg_start AS seg_start,
           coalesce(segment.seg_end, length(text)) AS seg_end
    FROM cut
)
-- DuckDB finds a character offset in non-ASCII text by walking to it: from whichever end
-- of the text is nearer.
SELECT article_id, outlet_id, seg_start, seg_end,
       substring(text, CASE WHEN 2 * seg_start > text_length THEN seg_start - text_length ELSE seg_start + 1 END,
                 seg_end - seg_start) AS text
FROM bounded
WHERE seg_end > seg_start;
