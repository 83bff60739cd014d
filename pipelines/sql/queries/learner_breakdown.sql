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
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND ($partners::VARCHAR[] IS NULL OR list_contains($partners::VARCHAR[], e.partner_code))
      AND ($partner::VARCHAR IS NULL OR e.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR e.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR e.module_code IN (
            SELECT module_code FROM modules_in_basis WHERE list_contains(sdg_goals, $sdg::INTEGER)))
),
learner_facts AS (
    -- one row per (value, learner): distinct-learner counts become plain counts below
    SELECT value, learner_no,
           count(*) FILTER (WHERE enrolled_on BETWEEN lo AND hi) AS enrollments,
           count(*) FILTER (WHERE is_completed AND completed_on BETWEEN lo AND hi) AS completions,
           count(*) FILTER (WHERE is_completed AND credential_issued
                            AND completed_on BETWEEN lo AND hi) AS credentials
    FROM enrollment_rows, window_bounds
    GROUP BY value, learner_no
)
SELECT value,
       sum(enrollments)::BIGINT AS enrollments,
       count(*) FILTER (WHERE enrollments > 0) AS learners_enrolled,
       sum(completions)::BIGINT AS completions,
       count(*) FILTER (WHERE completions > 0) AS learners_completed,
       sum(credentials)::BIGINT AS credentials
FROM learner_facts
GROUP BY value
HAVING sum(enrollments) > 0 OR sum(completions) > 0
ORDER BY value
