-- One row per current enrollment. learner_no numbers distinct (partner, learner key) pairs
-- so that counting distinct learners is an integer count. No clear learner id exists here.
CREATE TABLE fct_enrollment AS
WITH enrollments AS (
    SELECT * FROM stg_enrollments
),
with_partner AS (
    SELECT e.*, p.country AS partner_country, p.region
    FROM enrollments AS e
    JOIN dim_partner AS p ON p.partner_code = e.partner_code
),
numbered AS (
    SELECT *, dense_rank() OVER (ORDER BY partner_code, learner_key) AS learner_no
    FROM with_partner
),
final AS (
    SELECT
        partner_code, partner_country, region, module_code, learner_key, learner_no::INTEGER AS learner_no,
        gender, learner_type, enrolled_on, status, completed_on, ects_earned, credential_issued,
        status = 'completed' AS is_completed,
        official, with_pending, submission_id, source_row
    FROM numbered
)
SELECT * FROM final;
