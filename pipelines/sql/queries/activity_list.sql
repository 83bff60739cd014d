-- Dissemination activities, newest first, of the partners the viewer may see one by one.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $partners (VARCHAR[]; NULL lists nothing), $limit (rows; NULL lists all: a report).
SELECT date, partner_code, partner_country, activity_id, activity_type, title,
       event_country, audience, participants, reach, sdg_goals, url
FROM activities_in_scope(
    $basis, coalesce($partners::VARCHAR[], []), $partner, $country, $sdg, $date_from, $date_to
)
ORDER BY date DESC, partner_code, activity_id
LIMIT $limit
