-- DIS-3 People reached: reach of the activities dated in the window.
SELECT partner_code, goal, date AS day, coalesce(reach, 0) AS value, NULL AS base
FROM activities
