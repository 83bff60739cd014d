-- ENR-1 Learners enrolled: distinct learners with an enrollment in the window, counted on
-- the day of their first one.
SELECT any_value(partner_code) AS partner_code, goal, min(enrolled_on) AS day,
       1 AS value, NULL AS base
FROM enrollments
WHERE in_enrolled_window
GROUP BY learner_no, goal
