-- Attribution, step 2 of 9: quotes with their outlet and readable source names.
--
-- attribution_quotes: every quote with the outlet of its article, the speaker and relay
-- as entity names where the annotation links an entity (else as written), and the
-- speaker of the quote it is nested in.
CREATE OR REPLACE TABLE attribution_quotes AS
SELECT
    q.quote_id, q.article_id, a.outlet_id, q.char_start, q.char_end, q.kind, q.source_type,
    q.speaker_text, q.speaker_start, q.speaker_end, q.speaker_entity_id,
    coalesce(se.name, q.speaker_text, '(unattributed)') AS speaker,
    q.cue, q.cue_start, q.cue_end,
    q.relay_text, q.relay_start, q.relay_end, q.relay_entity_id,
    coalesce(re.name, q.relay_text) AS relay,
    q.parent_quote_id
FROM quotes q
JOIN (SELECT article_id, outlet_id FROM articles) a USING (article_id)
LEFT JOIN entities se ON se.entity_id = q.speaker_entity_id
LEFT JOIN entities re ON re.entity_id = q.relay_entity_id;
