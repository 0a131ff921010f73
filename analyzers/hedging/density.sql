-- Hedging, step 4 of 7: hedge density.
--
-- Words are runs of characters between whitespace, counted in the articles' own text
-- (boilerplate left out) by step 3. Densities are cues per 1,000 such words.
--   hedge_density_articles   article_id, outlet_id, words, cues, per_1000_words
--   hedge_density_outlets    outlet_id, articles, words, cues, per_1000_words
--   hedge_density_categories outlet_id, category, cues, per_1000_words

CREATE OR REPLACE TABLE hedge_density_articles AS
WITH words AS (
    SELECT article_id, sum(words) AS words
    FROM hedge_segment_pieces
    WHERE piece = 1
    GROUP BY article_id
),
cues AS (
    SELECT article_id, count(*) AS cues FROM hedge_cue_spans GROUP BY article_id
)
SELECT
    a.article_id,
    a.outlet_id,
    coalesce(w.words, 0)::BIGINT AS words,
    coalesce(c.cues, 0) AS cues,
    round(1000.0 * coalesce(c.cues, 0) / nullif(w.words, 0), 2) AS per_1000_words
FROM articles a
LEFT JOIN words w USING (article_id)
LEFT JOIN cues c USING (article_id)
ORDER BY a.outlet_id, a.article_id;

CREATE OR REPLACE TABLE hedge_density_outlets AS
SELECT
    o.outlet_id,
    count(d.article_id) AS articles,
    coalesce(sum(d.words), 0)::BIGINT AS words,
    coalesce(sum(d.cues), 0)::BIGINT AS cues,
    round(1000.0 * sum(d.cues) / nullif(sum(d.words), 0), 2) AS per_1000_words
FROM outlets o
LEFT JOIN hedge_density_articles d USING (outlet_id)
GROUP BY o.outlet_id
ORDER BY o.outlet_id;

CREATE OR REPLACE TABLE hedge_density_categories AS
WITH categories AS (SELECT DISTINCT category FROM hedge_lexicon),
counted AS (
    SELECT a.outlet_id, s.category, count(*) AS cues
    FROM hedge_cue_spans s JOIN articles a USING (article_id)
    GROUP BY ALL
)
SELECT
    o.outlet_id,
    k.category,
    coalesce(c.cues, 0) AS cues,
    round(1000.0 * coalesce(c.cues, 0) / nullif(o.words, 0), 2) AS per_1000_words
FROM hedge_density_outlets o
CROSS JOIN categories k
LEFT JOIN counted c ON c.outlet_id = o.outlet_id AND c.category = k.category
ORDER BY o.outlet_id, k.category;
