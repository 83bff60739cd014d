-- Learners by one attribute of the enrollment row ($dimension: 'gender' | 'learner_type'):
-- distinct learners enrolled (by enrolled_on in the window), distinct learners completed,
-- completed enrollments and credentials (by completed_on in the window).
-- A learner recorded with two values of the attribute counts under each.
-- Parameters (all bound): $dimension, $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[] or NULL = all).
-- Returns (value, enrollments, learners_enrolled, completions, learners_completed, credentials).
WITH
enrollment_rows AS (
    SELECT CASE $dimension WHEN 'gender' THEN gender
                           WHEN 'learner_type' THEN learner_type END AS value,
           learner_no, in_enrolled_window, in_completed_window, credential_issued
    FROM enrollments_in_scope($basis, $partners, $partner, $country, $sdg, $date_from, $date_to)
),
learner_facts AS (
    -- one row per (value, learner): distinct-learner counts become plain counts below
    SELECT value, learner_no,
           count(*) FILTER (WHERE in_enrolled_window) AS enrollments,
           count(*) FILTER (WHERE in_completed_window) AS completions,
           count(*) FILTER (WHERE in_completed_window AND credential_issued) AS credentials
    FROM enrollment_rows
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
