-- The table of achieved results: every dissemination activity of a report's scope and window.
-- Same filters as marts/indicator_actuals.sql (basis, partner, country, SDG, activity date),
-- so the rows add up to DIS-1..DIS-4 of the same report.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to.
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
activities AS (
    SELECT a.*
    FROM fct_activity AS a, window_bounds AS w
    WHERE (CASE WHEN $basis = 'official' THEN a.official ELSE a.with_pending END)
      AND ($partner::VARCHAR IS NULL OR a.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR a.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR list_contains(coalesce(a.sdg_goals, []), $sdg))
      AND a.date BETWEEN w.lo AND w.hi
)
SELECT partner_code, strftime(date, '%Y-%m-%d') AS date, activity_id, activity_type, title,
       event_country, coalesce(audience, []) AS audience, participants, reach,
       coalesce(sdg_goals, []) AS sdg_goals, url
FROM activities
ORDER BY date, partner_code, activity_id
