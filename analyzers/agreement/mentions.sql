-- Agreement, step 1 of 6: claim mentions with their outlet, date and source.
--
-- agreement_mentions: every claim mention with its article's outlet and publication
-- date, and whom it credits the claim (or its denial) to: the source entity, else the
-- quote's speaker, else the outlet itself when it speaks in its own voice.
CREATE OR REPLACE TABLE agreement_mentions AS
SELECT
    m.claim_mention_id, m.claim_id, m.article_id, a.outlet_id, a.published,
    m.char_start, m.char_end, m.voice, m.stance, m.quote_id, m.source_entity_id,
    coalesce(se.name, qe.name, q.speaker_text, CASE WHEN m.voice = 'outlet' THEN a.outlet_id END) AS credited_to,
    m.value_low, m.value_high, m.period_start, m.period_end
FROM claim_mentions m
JOIN (SELECT article_id, outlet_id, published FROM articles) a USING (article_id)
LEFT JOIN entities se ON se.entity_id = m.source_entity_id
LEFT JOIN quotes q ON q.quote_id = m.quote_id
LEFT JOIN entities qe ON qe.entity_id = q.speaker_entity_id;
