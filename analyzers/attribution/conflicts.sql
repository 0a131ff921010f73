-- Attribution, step 8 of 9: the same statement credited differently.
--
-- attribution_conflicts: pairs of the same statement (step 7) in different outlets
-- whose source differs in type (a named official in one, 'an anonymous official' in
-- the other) or, both being linked to entities, in who it is. One row per pair, each
-- side with its quote and speaker spans:
--   conflict (source_type | speaker), overlap, and for side a and b: quote_id,
--   outlet_id, article_id, char_start, char_end, speaker, speaker_text,
--   speaker_start, speaker_end, source_type, speaker_entity_id
CREATE OR REPLACE TABLE attribution_conflicts AS
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
FROM attribution_same_statements s
JOIN attribution_quotes a ON a.quote_id = s.quote_a
JOIN attribution_quotes b ON b.quote_id = s.quote_b
WHERE a.source_type <> b.source_type
   OR a.speaker_entity_id <> b.speaker_entity_id
ORDER BY a.outlet_id, a.quote_id, b.outlet_id, b.quote_id;
