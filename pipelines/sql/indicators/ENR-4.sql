-- ENR-4 Women among learners, a share: value = distinct learners enrolled in the window whose
-- gender is in [vocabularies] women_genders; base = those whose gender is in known_genders.
-- Each learner counts from their first qualifying enrollment.
SELECT any_value(partner_code) AS partner_code, goal, min(enrolled_on) AS day,
       1 AS value, 0 AS base
FROM enrollments
WHERE in_enrolled_window
  AND gender IN (SELECT value FROM vocabulary WHERE name = 'women_genders')
GROUP BY learner_no, goal
UNION ALL
SELECT any_value(partner_code), goal, min(enrolled_on), 0, 1
FROM enrollments
WHERE in_enrolled_window
  AND gender IN (SELECT value FROM vocabulary WHERE name = 'known_genders')
GROUP BY learner_no, goal
