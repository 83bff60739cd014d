-- Dissemination activities, newest first, of the partners the viewer may see one by one.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[]), $limit (rows).
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
)
SELECT a.date, a.partner_code, a.partner_country, a.activity_id, a.activity_type, a.title,
       a.event_country, a.audience, a.participants, a.reach, a.sdg_goals, a.url
FROM fct_activity AS a, window_bounds
WHERE (CASE WHEN $basis = 'official' THEN a.official ELSE a.with_pending END)
  AND list_contains($partners::VARCHAR[], a.partner_code)
  AND ($partner::VARCHAR IS NULL OR a.partner_code = $partner)
  AND ($country::VARCHAR IS NULL OR a.partner_country = $country)
  AND ($sdg::INTEGER IS NULL OR list_contains(coalesce(a.sdg_goals, []), $sdg::INTEGER))
  AND a.date BETWEEN lo AND hi
ORDER BY a.date DESC, a.partner_code, a.activity_id
LIMIT $limit
