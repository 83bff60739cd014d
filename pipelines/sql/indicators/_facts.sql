-- The facts of every indicator: the single definition read by the actual value
-- (marts/indicator_actuals.sql: the sum of the facts in the window) and by the monthly
-- trajectory (queries/indicator_monthly.sql: the running sum of the same facts by month).
-- Each indicator's facts are one SELECT in pipelines/sql/indicators/<CODE>.sql (or in the
-- indicators/ folder beside a data directory's own project.toml); they are put together
-- below as one UNION ALL, each tagged with its code (the file name, checked at load).
-- An indicator SELECT reads these relations and returns the columns
--   partner_code VARCHAR, goal INTEGER (NULL unless SDGs are asked for), day DATE (the day the
--   fact counts; NULL for a current count), value DOUBLE, base DOUBLE (a share's denominator;
--   NULL otherwise). A distinct-learner count gives one row per learner (GROUP BY learner_no,
--   goal) dated at the learner's first qualifying record, so running sums stay exact.
--   enrollments  enrollment rows with a fact in the window (in_enrolled_window,
--                in_completed_window), one per SDG goal of their module when SDGs are asked
--   modules      current modules of the basis (no window), one per goal likewise
--   activities   activities dated in the window, one per goal likewise
--   vocabulary   (name, value) of project.toml [vocabularies]: read value sets from here
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $by ('partner' | 'sdg').
-- The same text lists the rows behind a figure (pipelines/metrics/facts.py, records=True):
-- the comments /* partners */ and /* records: <column> */ mark where the relations are
-- limited to the partners the viewer may list ($partners) and where each row's partner
-- column carries the row's key instead (submission id and row number, zero-padded; its
-- partner kept in record_partner). Each fact then names the row it comes from (a distinct
-- count: the first row of its group), so the rows' values add up to the figure whatever the
-- indicator's SELECT.
WITH
enrollment_rows AS (
    SELECT * /* records: partner_code */
    FROM enrollments_in_scope(
        $basis, NULL /* partners */, $partner, $country, $sdg, $date_from, $date_to
    )
),
enrollments AS (
    SELECT * FROM (
        SELECT *, NULL::INTEGER AS goal FROM enrollment_rows
        WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
        UNION ALL
        SELECT *, unnest(coalesce(sdg_goals, [])) AS goal FROM enrollment_rows
        WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
    )
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
module_rows AS (
    SELECT * /* records: lead_partner_code */
    FROM modules_in_scope($basis, NULL /* partners */, $partner, $country, $sdg)
),
modules AS (
    SELECT * FROM (
        SELECT *, NULL::INTEGER AS goal FROM module_rows
        WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
        UNION ALL
        SELECT *, unnest(coalesce(sdg_goals, [])) AS goal FROM module_rows
        WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
    )
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
activity_rows AS (
    SELECT * /* records: partner_code */
    FROM activities_in_scope(
        $basis, NULL /* partners */, $partner, $country, $sdg, $date_from, $date_to
    )
),
activities AS (
    SELECT * FROM (
        SELECT *, NULL::INTEGER AS goal FROM activity_rows
        WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
        UNION ALL
        SELECT *, unnest(coalesce(sdg_goals, [])) AS goal FROM activity_rows
        WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
    )
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
vocabulary AS (
    SELECT name, value FROM ref_vocabulary
),
facts AS (
/* indicator facts */
)
