-- Current enrollment rows: each partner's current submission, per basis.
CREATE TEMP VIEW stg_enrollments AS
WITH current_rows AS (
    SELECT s.*, cp.official, cp.with_pending
    FROM src_enrollments AS s
    JOIN current_pair AS cp
      ON cp.template = 'enrollments'
     AND cp.partner_code = s.partner_code
     AND cp.submission_id = s.submission_id
)
SELECT * FROM current_rows;
