-- Attribution, step 3 of 9: whom each outlet quotes.
--
-- attribution_source_mix: per outlet, quotes credited to each source type, and shares.
--   outlet_id, quotes, named_person, anonymous, organization, media_outlet,
--   unattributed, and the five *_share columns (of the outlet's quotes)
CREATE OR REPLACE TABLE attribution_source_mix AS
WITH counts AS (
    SELECT
        o.outlet_id,
        count(q.quote_id) AS quotes,
        count(*) FILTER (WHERE q.source_type = 'named_person') AS named_person,
        count(*) FILTER (WHERE q.source_type = 'anonymous') AS anonymous,
        count(*) FILTER (WHERE q.source_type = 'organization') AS organization,
        count(*) FILTER (WHERE q.source_type = 'media_outlet') AS media_outlet,
        count(*) FILTER (WHERE q.source_type = 'unattributed') AS unattributed
    FROM outlets o
    LEFT JOIN attribution_quotes q USING (outlet_id)
    GROUP BY o.outlet_id
)
SELECT
    *,
    round(named_person / nullif(quotes, 0), 3) AS named_person_share,
    round(anonymous / nullif(quotes, 0), 3) AS anonymous_share,
    round(organization / nullif(quotes, 0), 3) AS organization_share,
    round(media_outlet / nullif(quotes, 0), 3) AS media_outlet_share,
    round(unattributed / nullif(quotes, 0), 3) AS unattributed_share
FROM counts
ORDER BY outlet_id;
