-- Monthly learning flows (Learners page, a partner's trend): enrollments by enrolled_on
-- month; completions, credentials and ECTS by completed_on month.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[] or NULL: the partners whose rows may count; NULL = all).
-- Returns (month DATE, enrollments, completions, credentials, ects).
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
    SELECT e.enrolled_on, e.completed_on, e.is_completed,
           e.credential_issued, e.ects_earned
    FROM fct_enrollment AS e
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND ($partners::VARCHAR[] IS NULL OR list_contains($partners::VARCHAR[], e.partner_code))
      AND ($partner::VARCHAR IS NULL OR e.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR e.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR e.module_code IN (
            SELECT module_code FROM modules_in_basis WHERE list_contains(sdg_goals, $sdg::INTEGER)))
),
enrolled AS (
    SELECT date_trunc('month', enrolled_on)::DATE AS month,
           count(*) AS enrollments
    FROM enrollment_rows, window_bounds
    WHERE enrolled_on BETWEEN lo AND hi
    GROUP BY 1
),
completed AS (
    SELECT date_trunc('month', completed_on)::DATE AS month,
           count(*) AS completions,
           count(*) FILTER (WHERE credential_issued) AS credentials,
           coalesce(sum(ects_earned), 0)::DOUBLE AS ects
    FROM enrollment_rows, window_bounds
    WHERE is_completed AND completed_on BETWEEN lo AND hi
    GROUP BY 1
)
SELECT month,
       coalesce(enrollments, 0) AS enrollments,
       coalesce(completions, 0) AS completions,
       coalesce(credentials, 0) AS credentials,
       coalesce(ects, 0) AS ects
FROM enrolled
FULL JOIN completed USING (month)
ORDER BY month
