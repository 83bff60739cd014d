-- ENR-2 Learners completed: distinct learners with a completion in the window, counted on
-- the day of their first one.
SELECT any_value(partner_code) AS partner_code, goal, min(completed_on) AS day,
       1 AS value, NULL AS base
FROM enrollments
WHERE in_completed_window
GROUP BY learner_no, goal
