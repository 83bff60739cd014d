-- DIS-1 Dissemination activities: activities dated in the window.
SELECT partner_code, goal, date AS day, 1 AS value, NULL AS base
FROM activities
