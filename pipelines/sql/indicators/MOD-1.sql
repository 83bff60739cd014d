-- MOD-1 Modules developed: modules whose status is in [vocabularies]
-- developed_module_statuses. A current count: no day.
SELECT any_value(lead_partner_code) AS partner_code, goal, NULL::DATE AS day,
       1 AS value, NULL AS base
FROM modules
WHERE status IN (SELECT value FROM vocabulary WHERE name = 'developed_module_statuses')
GROUP BY module_code, goal
