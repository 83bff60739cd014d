-- The table of achieved results: every dissemination activity of a report's scope and window.
-- Same filters as marts/indicator_actuals.sql (basis, partner, country, SDG, activity date),
-- so the rows add up to DIS-1..DIS-4 of the same report.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to.
SELECT partner_code, strftime(date, '%Y-%m-%d') AS date, activity_id, activity_type, title,
       event_country, coalesce(audience, []) AS audience, participants, reach,
       coalesce(sdg_goals, []) AS sdg_goals, url
FROM activities_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
ORDER BY date, partner_code, activity_id
