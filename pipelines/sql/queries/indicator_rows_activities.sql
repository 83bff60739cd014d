-- The dissemination rows behind DIS-1..4, within the viewer's partners, with what each adds
-- (an activity, its participants if an event, its reach, a policy engagement).
-- Parameters (all bound): $code, $basis, $partners (VARCHAR[]), $partner, $country, $sdg,
-- $date_from, $date_to.
WITH activities AS (
    SELECT *
    FROM activities_in_scope($basis, $partners, $partner, $country, $sdg, $date_from, $date_to)
)
SELECT
    submission_id, partner_code, source_row, activity_id, date, activity_type, title,
    participants, reach,
    CASE $code
        WHEN 'DIS-1' THEN 1.0
        WHEN 'DIS-2' THEN CASE WHEN is_event THEN coalesce(participants, 0) ELSE 0 END
        WHEN 'DIS-3' THEN coalesce(reach, 0)
        WHEN 'DIS-4' THEN is_policy_engagement::INTEGER
    END::DOUBLE AS counted
FROM activities
WHERE $code <> 'DIS-4' OR is_policy_engagement
ORDER BY partner_code, submission_id, source_row
