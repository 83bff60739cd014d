-- DIS-4 Policy engagements: activities whose audience includes a value of [vocabularies]
-- policy_audiences.
SELECT partner_code, goal, date AS day, 1 AS value, NULL AS base
FROM activities
WHERE list_has_any(
    coalesce(audience, []),
    (SELECT list(value) FROM vocabulary WHERE name = 'policy_audiences')
)
