-- ENR-5 Academic staff trained: distinct learners of a type in [vocabularies]
-- staff_learner_types with a completion in the window, from their first one.
SELECT any_value(partner_code) AS partner_code, goal, min(completed_on) AS day,
       1 AS value, NULL AS base
FROM enrollments
WHERE in_completed_window
  AND learner_type IN (SELECT value FROM vocabulary WHERE name = 'staff_learner_types')
GROUP BY learner_no, goal
