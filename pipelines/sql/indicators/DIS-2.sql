-- DIS-2 Event participants: participants of activities whose type is in [vocabularies]
-- event_activity_types.
SELECT partner_code, goal, date AS day, coalesce(participants, 0) AS value, NULL AS base
FROM activities
WHERE activity_type IN (SELECT value FROM vocabulary WHERE name = 'event_activity_types')
