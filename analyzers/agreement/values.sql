-- Agreement, step 4 of 6: numbers and dates the outlets give for the same claim.
--
-- Each mention's normalized value is a range: a quantity from value_low to value_high
-- (either side empty: open), a period from the first day of period_start to the last
-- day of period_end ('2014' is the whole year; an empty period_end: open-ended). When
-- any mention of a claim gives a date without a year (--MM-DD), the claim's dates are
-- compared by month and day only. Ranges are held as numbers (dates as day numbers).
--   agreement_value_mentions  claim_id, measure (quantity | period), outlet_id,
--                             claim_mention_id, article_id, char_start, char_end, lo,
--                             hi, stated (the normalized value as annotated),
--                             month_day_only (dates compared without their year)
--   agreement_values          per claim, measure and outlet: the range covering its
--                             mentions (lo, hi), mentions, stated values,
--                             month_day_only
--   agreement_value_checks    per claim and measure: outlets, status (agreement: all
--                             ranges equal; discrepancy: two outlets' ranges do not
--                             overlap; overlap: they overlap without being equal;
--                             single_outlet), month_day_only, and the two outlets
--                             furthest apart with
--                             the mention of each (low_*: the lowest upper bound,
--                             high_*: the highest lower bound)

CREATE OR REPLACE MACRO agreement_period_first(p) AS CASE
    WHEN p LIKE '--%' THEN make_date(2000, CAST(substr(p, 3, 2) AS INTEGER), CAST(substr(p, 6, 2) AS INTEGER))
    WHEN length(p) = 4 THEN make_date(CAST(p AS INTEGER), 1, 1)
    WHEN length(p) = 7 THEN make_date(CAST(substr(p, 1, 4) AS INTEGER), CAST(substr(p, 6, 2) AS INTEGER), 1)
    ELSE TRY_CAST(p AS DATE)
END;

CREATE OR REPLACE MACRO agreement_period_last(p) AS CASE
    WHEN p LIKE '--%' THEN make_date(2000, CAST(substr(p, 3, 2) AS INTEGER), CAST(substr(p, 6, 2) AS INTEGER))
    WHEN length(p) = 4 THEN make_date(CAST(p AS INTEGER), 12, 31)
    WHEN length(p) = 7 THEN last_day(make_date(CAST(substr(p, 1, 4) AS INTEGER), CAST(substr(p, 6, 2) AS INTEGER), 1))
    ELSE TRY_CAST(p AS DATE)
END;

-- A date's day number in the leap year 2000, for comparing by month and day only.
CREATE OR REPLACE MACRO agreement_month_day(d) AS
    date_diff('day', DATE '1970-01-01', make_date(2000, month(CAST(d AS DATE)), day(CAST(d AS DATE))));

CREATE OR REPLACE TABLE agreement_value_mentions AS
WITH quantities AS (
    SELECT claim_id, 'quantity' AS measure, outlet_id, claim_mention_id, article_id, char_start, char_end,
           coalesce(value_low, '-infinity'::DOUBLE) AS lo,
           coalesce(value_high, 'infinity'::DOUBLE) AS hi,
           CASE
               WHEN value_low = value_high THEN printf('%.15g', value_low)
               WHEN value_high IS NULL THEN '≥ ' || printf('%.15g', value_low)
               WHEN value_low IS NULL THEN '≤ ' || printf('%.15g', value_high)
               ELSE printf('%.15g', value_low) || '–' || printf('%.15g', value_high)
           END AS stated,
           false AS month_day_only
    FROM agreement_mentions
    WHERE value_low IS NOT NULL OR value_high IS NOT NULL
),
periods AS (
    SELECT *,
           agreement_period_first(period_start) AS first_day,
           agreement_period_last(period_end) AS last_day,
           bool_or(period_start LIKE '--%' OR period_end LIKE '--%') OVER (PARTITION BY claim_id) AS by_month_day
    FROM agreement_mentions
    WHERE period_start IS NOT NULL OR period_end IS NOT NULL
),
period_ranges AS (
    SELECT claim_id, 'period' AS measure, outlet_id, claim_mention_id, article_id, char_start, char_end,
           CASE
               WHEN NOT by_month_day THEN coalesce(date_diff('day', DATE '1970-01-01', first_day), '-infinity'::DOUBLE)
               -- Open, a year or more long, or running into the next year: the whole year.
               WHEN first_day IS NULL OR last_day IS NULL OR date_diff('day', first_day, last_day) >= 365
                    OR agreement_month_day(first_day) > agreement_month_day(last_day)
                   THEN date_diff('day', DATE '1970-01-01', DATE '2000-01-01')
               ELSE agreement_month_day(first_day)
           END AS lo,
           CASE
               WHEN NOT by_month_day THEN coalesce(date_diff('day', DATE '1970-01-01', last_day), 'infinity'::DOUBLE)
               WHEN first_day IS NULL OR last_day IS NULL OR date_diff('day', first_day, last_day) >= 365
                    OR agreement_month_day(first_day) > agreement_month_day(last_day)
                   THEN date_diff('day', DATE '1970-01-01', DATE '2000-12-31')
               ELSE agreement_month_day(last_day)
           END AS hi,
           CASE
               WHEN period_end IS NULL THEN coalesce(period_start, '') || ' onwards'
               WHEN period_start IS NULL THEN 'until ' || period_end
               WHEN period_start = period_end THEN period_start
               ELSE period_start || ' to ' || period_end
           END AS stated,
           by_month_day AS month_day_only
    FROM periods
)
SELECT * FROM quantities
UNION ALL
SELECT claim_id, measure, outlet_id, claim_mention_id, article_id, char_start, char_end,
       CAST(lo AS DOUBLE), CAST(hi AS DOUBLE), stated, month_day_only
FROM period_ranges
ORDER BY claim_id, measure, outlet_id, article_id, char_start, claim_mention_id;

CREATE OR REPLACE TABLE agreement_values AS
SELECT claim_id, measure, outlet_id, min(lo) AS lo, max(hi) AS hi, count(*) AS mentions,
       list(DISTINCT stated ORDER BY stated) AS stated, bool_or(month_day_only) AS month_day_only
FROM agreement_value_mentions
GROUP BY claim_id, measure, outlet_id
ORDER BY claim_id, measure, outlet_id;

CREATE OR REPLACE TABLE agreement_value_checks AS
WITH summary AS (
    SELECT claim_id, measure, count(*) AS outlets, max(lo) AS max_lo, min(hi) AS min_hi,
           count(DISTINCT (lo, hi)) AS distinct_ranges, bool_or(month_day_only) AS month_day_only
    FROM agreement_values
    GROUP BY claim_id, measure
),
low_outlet AS (
    -- The outlet whose range ends lowest, and the outlet whose range starts highest:
    -- when these do not overlap, no pair of outlets is further apart.
    SELECT claim_id, measure, outlet_id
    FROM agreement_values
    QUALIFY row_number() OVER (PARTITION BY claim_id, measure ORDER BY hi, outlet_id) = 1
),
high_outlet AS (
    SELECT claim_id, measure, outlet_id
    FROM agreement_values
    QUALIFY row_number() OVER (PARTITION BY claim_id, measure ORDER BY lo DESC, outlet_id) = 1
),
low_mention AS (
    -- Within each of them, the mention that gives that end of its range.
    SELECT v.claim_id, v.measure, v.outlet_id AS low_outlet, v.claim_mention_id AS low_mention, v.stated AS low_stated
    FROM agreement_value_mentions v JOIN low_outlet o USING (claim_id, measure, outlet_id)
    QUALIFY row_number() OVER (PARTITION BY v.claim_id, v.measure ORDER BY v.hi, v.claim_mention_id) = 1
),
high_mention AS (
    SELECT v.claim_id, v.measure, v.outlet_id AS high_outlet, v.claim_mention_id AS high_mention, v.stated AS high_stated
    FROM agreement_value_mentions v JOIN high_outlet o USING (claim_id, measure, outlet_id)
    QUALIFY row_number() OVER (PARTITION BY v.claim_id, v.measure ORDER BY v.lo DESC, v.claim_mention_id) = 1
)
SELECT
    s.claim_id, s.measure, s.outlets,
    CASE
        WHEN s.outlets < 2 THEN 'single_outlet'
        WHEN s.max_lo > s.min_hi THEN 'discrepancy'
        WHEN s.distinct_ranges = 1 THEN 'agreement'
        ELSE 'overlap'
    END AS status,
    s.month_day_only,
    l.low_outlet, l.low_mention, l.low_stated,
    h.high_outlet, h.high_mention, h.high_stated
FROM summary s
JOIN low_mention l USING (claim_id, measure)
JOIN high_mention h USING (claim_id, measure)
ORDER BY s.claim_id, s.measure;
