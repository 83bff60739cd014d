-- Dissemination totals by one attribute ($dimension: 'activity_type' | 'audience' |
-- 'event_country' | 'month'): activities, participants (events only, as DIS-2) and reach.
-- An activity with several audiences counts once under each of them.
-- Parameters (all bound): $dimension, $basis, $partner, $country, $sdg, $date_from,
--   $date_to, $partners (VARCHAR[] or NULL = all).
-- Returns (value, activities, participants, reach).
WITH
keyed AS (
    SELECT unnest(CASE $dimension
                      WHEN 'audience' THEN audience
                      WHEN 'activity_type' THEN [activity_type]
                      WHEN 'event_country' THEN [event_country]
                      WHEN 'month' THEN [strftime(date_trunc('month', date), '%Y-%m')]
                  END) AS value,
           participants, reach, is_event
    FROM activities_in_scope($basis, $partners, $partner, $country, $sdg, $date_from, $date_to)
)
SELECT value,
       count(*) AS activities,
       coalesce(sum(participants) FILTER (WHERE is_event), 0) AS participants,
       coalesce(sum(reach), 0) AS reach
FROM keyed
GROUP BY value
ORDER BY value
