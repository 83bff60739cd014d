-- Monthly increments of the time-based indicators, for the cumulative-progress chart.
-- Same definitions and filters as marts/indicator_actuals.sql (data contract v1), arranged
-- so that the running sum of the increments up to a month is the indicator at that month's
-- end: a distinct learner counts in the month of their first qualifying record.
-- ENR-4 (a share) comes as its two counts, 'ENR-4:F' and 'ENR-4:FMX'.
-- Parameters (all bound): $basis, $partner, $country, $sdg, $date_from, $date_to,
--   $code (the indicator asked for: only the facts it needs are read).
-- Returns (month DATE, measure VARCHAR, value DOUBLE).
WITH
enrollment_rows AS (
    SELECT learner_no, gender, learner_type, enrolled_on, completed_on, credential_issued,
           ects_earned, in_enrolled_window, in_completed_window
    FROM enrollments_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
    WHERE $code IN ('ENR-1', 'ENR-2', 'ENR-3', 'ENR-4', 'ENR-5', 'ENR-6')
),
enrolled_rows AS (
    SELECT * FROM enrollment_rows
    WHERE $code IN ('ENR-1', 'ENR-4') AND in_enrolled_window
),
completed_rows AS (
    SELECT * FROM enrollment_rows
    WHERE $code IN ('ENR-2', 'ENR-3', 'ENR-5', 'ENR-6') AND in_completed_window
),
first_enrolled AS (
    SELECT learner_no, min(enrolled_on) AS day,
           min(enrolled_on) FILTER (WHERE $code = 'ENR-4' AND gender = 'F') AS day_f,
           min(enrolled_on) FILTER (WHERE $code = 'ENR-4' AND gender IN ('F', 'M', 'X'))
               AS day_fmx
    FROM enrolled_rows
    WHERE $code IN ('ENR-1', 'ENR-4')
    GROUP BY learner_no
),
first_completed AS (
    SELECT learner_no, min(completed_on) AS day,
           min(completed_on) FILTER (WHERE $code = 'ENR-5' AND learner_type = 'academic_staff')
               AS day_staff
    FROM completed_rows
    WHERE $code IN ('ENR-2', 'ENR-5')
    GROUP BY learner_no
),
activity_rows AS (
    SELECT date, participants, reach, is_event, is_policy_engagement
    FROM activities_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
    WHERE $code IN ('DIS-1', 'DIS-2', 'DIS-3', 'DIS-4')
),
increments AS (
    SELECT date_trunc('month', day) AS month, 'ENR-1' AS measure, count(*)::DOUBLE AS value
    FROM first_enrolled WHERE $code = 'ENR-1' GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', day_f), 'ENR-4:F', count(*)::DOUBLE
    FROM first_enrolled WHERE $code = 'ENR-4' AND day_f IS NOT NULL GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', day_fmx), 'ENR-4:FMX', count(*)::DOUBLE
    FROM first_enrolled WHERE $code = 'ENR-4' AND day_fmx IS NOT NULL GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', day), 'ENR-2', count(*)::DOUBLE
    FROM first_completed WHERE $code = 'ENR-2' GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', day_staff), 'ENR-5', count(*)::DOUBLE
    FROM first_completed WHERE $code = 'ENR-5' AND day_staff IS NOT NULL GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', completed_on), 'ENR-3', count(*)::DOUBLE
    FROM completed_rows WHERE $code = 'ENR-3' AND credential_issued GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', completed_on), 'ENR-6', coalesce(sum(ects_earned), 0)::DOUBLE
    FROM completed_rows WHERE $code = 'ENR-6' GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', date), 'DIS-1', count(*)::DOUBLE
    FROM activity_rows GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', date), 'DIS-2', coalesce(sum(participants), 0)::DOUBLE
    FROM activity_rows WHERE is_event GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', date), 'DIS-3', coalesce(sum(reach), 0)::DOUBLE
    FROM activity_rows GROUP BY 1
    UNION ALL
    SELECT date_trunc('month', date), 'DIS-4', count(*)::DOUBLE
    FROM activity_rows WHERE is_policy_engagement GROUP BY 1
)
SELECT month::DATE AS month, measure, value FROM increments ORDER BY month, measure
