-- Monthly learning flows (Learners page, a partner's trend): enrollments by enrolled_on
-- month; completions, credentials and ECTS by completed_on month.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[] or NULL: the partners whose rows may count; NULL = all).
-- Returns (month DATE, enrollments, completions, credentials, ects).
WITH
enrollment_rows AS (
    SELECT enrolled_on, completed_on, credential_issued, ects_earned,
           in_enrolled_window, in_completed_window
    FROM enrollments_in_scope($basis, $partners, $partner, $country, $sdg, $date_from, $date_to)
),
enrolled AS (
    SELECT date_trunc('month', enrolled_on)::DATE AS month,
           count(*) AS enrollments
    FROM enrollment_rows
    WHERE in_enrolled_window
    GROUP BY 1
),
completed AS (
    SELECT date_trunc('month', completed_on)::DATE AS month,
           count(*) AS completions,
           count(*) FILTER (WHERE credential_issued) AS credentials,
           coalesce(sum(ects_earned), 0)::DOUBLE AS ects
    FROM enrollment_rows
    WHERE in_completed_window
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
