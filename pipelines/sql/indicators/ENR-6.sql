-- ENR-6 ECTS awarded: ects_earned of the enrollments completed in the window.
SELECT partner_code, goal, completed_on AS day, coalesce(ects_earned, 0) AS value, NULL AS base
FROM enrollments
WHERE in_completed_window
