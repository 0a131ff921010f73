-- Attribution, step 9 of 9: one person, different titles.
--
-- entity_titles records the role each article gives an entity in its own words. Titles
-- are compared after dropping a leading article or possessive ('the', 'her') and case
-- and punctuation; spellings one letter apart ('adviser', 'advisor') count as one.
--   attribution_title_variants  entity_id, name, title_key (the compared form),
--                               outlet_id, article_id, char_start, char_end, text:
--                               one row per title of every person or quoted speaker
--                               whom different outlets give different titles
CREATE OR REPLACE TABLE attribution_title_variants AS
WITH titles AS (
    SELECT
        t.entity_id, e.name, e.type, a.outlet_id, t.article_id, t.char_start, t.char_end, t.text,
        trim(regexp_replace(
            regexp_replace(lower(replace(t.text, '’', '''')), '^(?:the|a|an|her|his|its|their)[\s\pZ]+', ''),
            '[^\pL\pN]+', ' ', 'g')) AS raw_key
    FROM entity_titles t
    JOIN entities e USING (entity_id)
    JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
),
keys AS (
    SELECT DISTINCT entity_id, raw_key FROM titles
),
canonical AS (
    -- Compared only within one entity, whose distinct titles are few.
    SELECT k.entity_id, k.raw_key, min(other.raw_key) AS title_key
    FROM keys k
    JOIN keys other ON other.entity_id = k.entity_id AND levenshtein(k.raw_key, other.raw_key) <= 1
    GROUP BY k.entity_id, k.raw_key
),
speakers AS (
    SELECT DISTINCT speaker_entity_id AS entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL
),
varied AS (
    SELECT t.entity_id
    FROM titles t JOIN canonical c USING (entity_id, raw_key)
    WHERE t.type = 'person' OR t.entity_id IN (SELECT entity_id FROM speakers)
    GROUP BY t.entity_id
    HAVING count(DISTINCT t.outlet_id) >= 2 AND count(DISTINCT c.title_key) >= 2
)
SELECT t.entity_id, t.name, c.title_key, t.outlet_id, t.article_id, t.char_start, t.char_end, t.text
FROM titles t
JOIN canonical c USING (entity_id, raw_key)
WHERE t.entity_id IN (SELECT entity_id FROM varied)
ORDER BY t.entity_id, t.outlet_id, t.article_id, t.char_start;
