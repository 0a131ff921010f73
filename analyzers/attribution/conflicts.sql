-- Attribution, step 9 of 10: the same statement credited differently.
--
-- attribution_conflicts: pairs of the same statement (step 8) whose sources differ: in
-- type (a named official in one outlet, 'an anonymous official' in the other), or in who
-- they are. Speakers linked to entities differ when the entities do; anonymous sources
-- are compared by their description, and differ when neither description's words are
-- all among the other's ('a senior official' and 'officials' may be the same source, 'a
-- senior official' and 'a Western diplomat' are not). Articles, counts, 'anonymous' and a
-- plural 's' are not compared. One row per pair, each side with its quote and speaker
-- spans:
--   conflict (source_type | speaker), overlap, and for side a and b: quote_id,
--   outlet_id, article_id, char_start, char_end, speaker, speaker_text,
--   speaker_start, speaker_end, source_type, speaker_entity_id
CREATE OR REPLACE TABLE attribution_conflicts AS
WITH pairs AS (
    SELECT s.quote_a, s.quote_b, s.overlap FROM attribution_same_statements s
),
described AS (
    -- The words of each anonymous description in a same-statement pair.
    SELECT quote_id, list(DISTINCT CASE WHEN length(word) > 3 AND suffix(word, 's') THEN left(word, -1) ELSE word END) AS words
    FROM (
        SELECT q.quote_id, unnest(string_split(trim(regexp_replace(lower(q.speaker_text), '[^\pL\pN]+', ' ', 'g')), ' ')) AS word
        FROM attribution_quotes q
        SEMI JOIN (SELECT quote_a AS quote_id FROM pairs UNION SELECT quote_b FROM pairs) USING (quote_id)
        WHERE q.source_type = 'anonymous' AND q.speaker_entity_id IS NULL
    )
    WHERE word NOT IN ('', 'a', 'an', 'the', 'some', 'several', 'two', 'three', 'four', 'anonymous', 'unnamed')
    GROUP BY quote_id
)
SELECT
    CASE WHEN a.source_type <> b.source_type THEN 'source_type' ELSE 'speaker' END AS conflict,
    s.overlap,
    a.quote_id AS quote_a, a.outlet_id AS outlet_a, a.article_id AS article_a,
    a.char_start AS char_start_a, a.char_end AS char_end_a,
    a.speaker AS speaker_a, a.speaker_text AS speaker_text_a,
    a.speaker_start AS speaker_start_a, a.speaker_end AS speaker_end_a,
    a.source_type AS source_type_a, a.speaker_entity_id AS speaker_entity_a,
    b.quote_id AS quote_b, b.outlet_id AS outlet_b, b.article_id AS article_b,
    b.char_start AS char_start_b, b.char_end AS char_end_b,
    b.speaker AS speaker_b, b.speaker_text AS speaker_text_b,
    b.speaker_start AS speaker_start_b, b.speaker_end AS speaker_end_b,
    b.source_type AS source_type_b, b.speaker_entity_id AS speaker_entity_b
FROM pairs s
JOIN attribution_quotes a ON a.quote_id = s.quote_a
JOIN attribution_quotes b ON b.quote_id = s.quote_b
LEFT JOIN described da ON da.quote_id = s.quote_a
LEFT JOIN described db ON db.quote_id = s.quote_b
WHERE a.source_type <> b.source_type
   OR a.speaker_entity_id <> b.speaker_entity_id
   OR NOT (list_has_all(da.words, db.words) OR list_has_all(db.words, da.words))
ORDER BY a.outlet_id, a.quote_id, b.outlet_id, b.quote_id;
