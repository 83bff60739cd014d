-- Current module rows: the lead partner's current submission, per basis.
CREATE TEMP VIEW stg_modules AS
WITH current_rows AS (
    SELECT s.*, cp.official, cp.with_pending
    FROM src_modules AS s
    JOIN current_pair AS cp
      ON cp.template = 'modules'
     AND cp.partner_code = s.lead_partner_code
     AND cp.submission_id = s.submission_id
)
SELECT * FROM current_rows;
