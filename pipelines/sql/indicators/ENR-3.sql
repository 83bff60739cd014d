-- ENR-3 Micro-credentials awarded: completed enrollments with a credential issued, on the
-- day of completion.
SELECT partner_code, goal, completed_on AS day, 1 AS value, NULL AS base
FROM enrollments
WHERE in_completed_window AND credential_issued
