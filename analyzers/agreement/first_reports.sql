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
dates AS (
    SELECT
        claim_id,
        min(published) AS earliest_published,
        count(published) AS dated_articles,
        count(*) - count(published) AS undated_articles
    FROM reporting
    GROUP BY claim_id
),
earliest AS (
    SELECT
        r.claim_id,
        list(r.article_id ORDER BY r.article_id) AS earliest_articles,
        list(DISTINCT r.outlet_id ORDER BY r.outlet_id) AS earliest_outlets
    FROM reporting r
    JOIN dates d ON d.claim_id = r.claim_id AND r.published = d.earliest_published
    GROUP BY r.claim_id
),
summary AS (
    SELECT d.claim_id, d.earliest_published, e.earliest_articles, e.earliest_outlets, d.dated_articles, d.undated_articles
    FROM dates d LEFT JOIN earliest e USING (claim_id)
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
