-- Agreement, step 6 of 6: the earliest article reporting each claim.
--
-- Only articles.published is used; when the articles reporting a claim have no date,
-- the answer is 'unknown', and undated articles are counted, since any of them may be
-- earlier than the earliest dated one.
--   agreement_first_reports  claim_id, earliest_published, earliest_articles,
--                            earliest_outlets, dated_articles, undated_articles,
--                            first_report (in words)
CREATE OR REPLACE TABLE agreement_first_reports AS
WITH reporting AS (
    SELECT DISTINCT claim_id, article_id, outlet_id, published FROM agreement_mentions
),
ranked AS (
    SELECT *, min(published) OVER (PARTITION BY claim_id) AS earliest FROM reporting
),
summary AS (
    SELECT
        claim_id,
        any_value(earliest) AS earliest_published,
        list(article_id ORDER BY article_id) FILTER (WHERE published = earliest) AS earliest_articles,
        list(DISTINCT outlet_id ORDER BY outlet_id) FILTER (WHERE published = earliest) AS earliest_outlets,
        count(*) FILTER (WHERE published IS NOT NULL) AS dated_articles,
        count(*) FILTER (WHERE published IS NULL) AS undated_articles
    FROM ranked
    GROUP BY claim_id
)
SELECT
    *,
    CASE
        WHEN earliest_published IS NULL THEN
            'unknown: none of the ' || undated_articles || ' article(s) reporting it has a publication date'
        WHEN undated_articles > 0 THEN
            'unknown: the earliest dated report is ' || strftime(earliest_published, '%Y-%m-%d') || ' ('
            || array_to_string(earliest_articles, ', ') || '), but ' || undated_articles
            || ' undated article(s) may be earlier'
        ELSE
            strftime(earliest_published, '%Y-%m-%d') || ' (' || array_to_string(earliest_articles, ', ') || ')'
    END AS first_report
FROM summary
ORDER BY claim_id;
