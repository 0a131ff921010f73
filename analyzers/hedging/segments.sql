-- Hedging, step 2 of 7: the text each article reports in its own words.
--
-- hedge_text_segments: the stretches of articles.text between boilerplate spans
-- (page furniture, appeals, link lists ...), which the scans below leave out. A segment
-- keeps its offset in the article, so that positions found in it map back exactly.
CREATE OR REPLACE TABLE hedge_text_segments AS
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
    UNION ALL
    -- ... and the stretch after the last one, to the end of the text (NULL here);
    -- the whole text when the article has no boilerplate.
    SELECT a.article_id, coalesce(max(b.char_end), 0), NULL
    FROM articles a LEFT JOIN boilerplate b USING (article_id)
    GROUP BY a.article_id
),
bounded AS (
    SELECT c.article_id, a.outlet_id, a.text, c.seg_start,
           coalesce(c.seg_end, length(a.text)) AS seg_end
    FROM cuts c JOIN articles a USING (article_id)
)
SELECT article_id, outlet_id, seg_start, seg_end,
       substring(text, seg_start + 1, seg_end - seg_start) AS text
FROM bounded
WHERE seg_end > seg_start;
