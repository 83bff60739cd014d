-- MOD-2 Micro-credentials accredited: micro-credential modules whose status is in
-- [vocabularies] accredited_module_statuses. A current count: no day.
SELECT any_value(lead_partner_code) AS partner_code, goal, NULL::DATE AS day,
       1 AS value, NULL AS base
FROM modules
WHERE micro_credential
  AND status IN (SELECT value FROM vocabulary WHERE name = 'accredited_module_statuses')
GROUP BY module_code, goal
