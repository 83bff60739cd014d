-- One row per current enrollment. learner_no numbers distinct (partner, learner key) pairs
-- so that counting distinct learners is an integer count. Neither clear learner ids nor
-- their keyed hashes reach the warehouse: the number is all that counting needs.
-- enrollment_rows(first_no, partners) makes the rows of the partners given (NULL: all),
-- numbering their learners after first_no: a full build creates the table from every
-- partner; an incremental build (pipelines/warehouse/incremental.py) keeps the previous
-- table, deletes the partners whose submission changed and inserts theirs again.
CREATE TEMP MACRO enrollment_rows(first_no, partners) AS TABLE
WITH enrollments AS (
    SELECT * FROM stg_enrollments
    WHERE partners::VARCHAR[] IS NULL OR list_contains(partners::VARCHAR[], partner_code)
),
learners AS (
    -- number the distinct learners (a hash aggregate and a join: no sort of a million keys)
    SELECT partner_code, learner_key, (first_no + row_number() OVER ())::INTEGER AS learner_no
    FROM (SELECT DISTINCT partner_code, learner_key FROM enrollments)
),
numbered AS (
    SELECT e.*, l.learner_no
    FROM enrollments AS e
    JOIN learners AS l USING (partner_code, learner_key)
),
with_partner AS (
    SELECT n.*, p.country AS partner_country, p.region
    FROM numbered AS n
    JOIN dim_partner AS p ON p.partner_code = n.partner_code
),
final AS (
    SELECT
        partner_code, partner_country, region, module_code, learner_no,
        gender, learner_type, enrolled_on, status, completed_on, ects_earned, credential_issued,
        status = 'completed' AS is_completed,
        official, with_pending, submission_id, source_row
    FROM with_partner
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS fct_enrollment AS SELECT * FROM enrollment_rows(0, NULL);
