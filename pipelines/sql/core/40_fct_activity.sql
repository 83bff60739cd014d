-- One row per current dissemination activity. partner_country is the reporting dimension;
-- event_country is where the activity happened (any country).
CREATE TABLE fct_activity AS
WITH activities AS (
    SELECT * FROM stg_dissemination
),
with_partner AS (
    SELECT a.*, p.country AS partner_country, p.region
    FROM activities AS a
    JOIN dim_partner AS p ON p.partner_code = a.partner_code
),
final AS (
    SELECT
        partner_code, partner_country, region, activity_id, date, activity_type, title,
        country AS event_country, audience, participants, reach, list_sort(sdg_goals) AS sdg_goals,
        url,
        activity_type IN (SELECT value FROM ref_vocabulary WHERE name = 'event_activity_types')
            AS is_event,
        list_has_any(
            coalesce(audience, []),
            (SELECT list(value) FROM ref_vocabulary WHERE name = 'policy_audiences')
        ) AS is_policy_engagement,
        official, with_pending, submission_id, source_row
    FROM with_partner
)
SELECT * FROM final ORDER BY partner_code, date, activity_id;
