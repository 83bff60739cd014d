-- Dissemination totals by one attribute ($dimension: 'activity_type' | 'audience' |
-- 'event_country' | 'month'): activities, participants (events only, as DIS-2) and reach.
-- An activity with several audiences counts once under each of them.
-- Parameters (all bound): $dimension, $basis, $partner, $country, $sdg, $date_from,
--   $date_to, $partners (VARCHAR[] or NULL = all).
-- Returns (value, activities, participants, reach).
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
activity_rows AS (
    SELECT a.*
    FROM fct_activity AS a, window_bounds
    WHERE (CASE WHEN $basis = 'official' THEN a.official ELSE a.with_pending END)
      AND ($partners::VARCHAR[] IS NULL OR list_contains($partners::VARCHAR[], a.partner_code))
      AND ($partner::VARCHAR IS NULL OR a.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR a.partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR list_contains(coalesce(a.sdg_goals, []), $sdg::INTEGER))
      AND a.date BETWEEN lo AND hi
),
keyed AS (
    SELECT unnest(CASE $dimension
                      WHEN 'audience' THEN audience
                      WHEN 'activity_type' THEN [activity_type]
                      WHEN 'event_country' THEN [event_country]
                      WHEN 'month' THEN [strftime(date_trunc('month', date), '%Y-%m')]
                  END) AS value,
           participants, reach, is_event
    FROM activity_rows
)
SELECT value,
       count(*) AS activities,
       coalesce(sum(participants) FILTER (WHERE is_event), 0) AS participants,
       coalesce(sum(reach), 0) AS reach
FROM keyed
GROUP BY value
ORDER BY value
