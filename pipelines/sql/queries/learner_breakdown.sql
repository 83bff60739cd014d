-- Learners by one attribute of the enrollment row ($dimension: 'gender' | 'learner_type'):
-- distinct learners enrolled (by enrolled_on in the window), distinct learners completed,
-- completed enrollments and credentials (by completed_on in the window).
-- A learner recorded with two values of the attribute counts under each.
-- Parameters (all bound): $dimension, $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[] or NULL = all).
-- Returns (value, enrollments, learners_enrolled, completions, learners_completed, credentials).
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
modules_in_basis AS (
    SELECT module_code, sdg_goals
    FROM fct_module
    WHERE CASE WHEN $basis = 'official' THEN official ELSE with_pending END
),
enrollment_rows AS (
    SELECT CASE $dimension WHEN 'gender' THEN e.gender
                           WHEN 'learner_type' THEN e.learner_type END AS value,
           e.learner_no, e.enrolled_on, e.completed_on, e.is_completed, e.credential_issued
    FROM fct_enrollment AS e
    LEFT JOIN modules_in_basis AS m USING (module_code)
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND ($partners::VARCHAR[] IS NULL OR list_contains($partners::VARCHAR[], e.partner_code))
      AND ($partner::VARCHAR IS NULL OR e.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR e.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR list_contains(coalesce(m.sdg_goals, []), $sdg::INTEGER))
),
enrolled AS (
    SELECT value, count(*) AS enrollments, count(DISTINCT learner_no) AS learners_enrolled
    FROM enrollment_rows, window_bounds
    WHERE enrolled_on BETWEEN lo AND hi
    GROUP BY value
),
completed AS (
    SELECT value, count(*) AS completions, count(DISTINCT learner_no) AS learners_completed,
           count(*) FILTER (WHERE credential_issued) AS credentials
    FROM enrollment_rows, window_bounds
    WHERE is_completed AND completed_on BETWEEN lo AND hi
    GROUP BY value
)
SELECT value,
       coalesce(enrollments, 0) AS enrollments,
       coalesce(learners_enrolled, 0) AS learners_enrolled,
       coalesce(completions, 0) AS completions,
       coalesce(learners_completed, 0) AS learners_completed,
       coalesce(credentials, 0) AS credentials
FROM enrolled
FULL JOIN completed USING (value)
ORDER BY value
