-- The enrollment rows behind one indicator (ENR-*), within the viewer's partners, each with
-- what it adds to the figure (counted): the same rules as marts/indicator_actuals.sql.
-- A distinct-learner count counts a learner once: the first of the learner's matching rows
-- (by date, submission, row) carries 1, the others 0, so the column adds up to the figure.
-- ENR-4 lists F, M and X learners: counted 1 marks a learner in the denominator, women
-- shows who is in the numerator.
-- Parameters (all bound): $code, $basis, $partners (VARCHAR[]), $partner, $country, $sdg,
-- $date_from, $date_to.
WITH rows_in_scope AS (
    SELECT *
    FROM enrollments_in_scope($basis, $partners, $partner, $country, $sdg, $date_from, $date_to)
),
matching AS (
    SELECT *,
        CASE $code
            WHEN 'ENR-1' THEN in_enrolled_window
            WHEN 'ENR-2' THEN in_completed_window
            WHEN 'ENR-3' THEN in_completed_window AND credential_issued
            WHEN 'ENR-4' THEN in_enrolled_window AND gender IN ('F', 'M', 'X')
            WHEN 'ENR-5' THEN in_completed_window AND learner_type = 'academic_staff'
            WHEN 'ENR-6' THEN in_completed_window
            ELSE FALSE
        END AS matches
    FROM rows_in_scope
),
numbered AS (
    SELECT *,
        row_number() OVER (
            PARTITION BY learner_no ORDER BY enrolled_on, submission_id, source_row
        ) AS nth_of_learner
    FROM matching
    WHERE matches
)
SELECT
    submission_id, partner_code, source_row, module_code, learner_no, gender, learner_type,
    enrolled_on, completed_on, status, ects_earned, credential_issued,
    CASE
        WHEN $code IN ('ENR-1', 'ENR-2', 'ENR-4', 'ENR-5')
            THEN (nth_of_learner = 1)::INTEGER::DOUBLE
        WHEN $code = 'ENR-3' THEN 1.0
        ELSE coalesce(ects_earned, 0)
    END AS counted,
    CASE WHEN $code = 'ENR-4' THEN (nth_of_learner = 1 AND gender = 'F')::INTEGER END AS women
FROM numbered
ORDER BY partner_code, submission_id, source_row
