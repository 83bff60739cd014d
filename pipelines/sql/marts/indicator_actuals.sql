-- Actual value of every indicator of data contract v1, per partner or per SDG.
-- The single definition used by the CLI, the dashboard, the reports and the marts.
-- Per partner is enough for every other breakdown: a learner is a (partner, learner id)
-- pair, a module has one lead partner, an activity one partner, so consortium, country and
-- region figures are sums of partner figures (pipelines/indicators.py adds them up). ENR-4 is
-- returned as its two counts, ENR-4-F and ENR-4-FMX, so that it can be added up too.
-- Parameters (all bound):
--   $basis      'official' (approved data) or 'with_pending' (approved + pending uploads)
--   $partner    partner code or NULL          $country  ISO2 of the partner's country or NULL
--   $sdg        goal number or NULL           $date_from, $date_to  DATE window or NULL
--   $by         'partner' | 'sdg'
-- Dates: enrollment facts by enrolled_on, completion facts by completed_on, activities by
-- date; module indicators are a current count and ignore the window.
-- Returns (scope_key, code, actual); a missing row means no fact (the caller fills 0 / NULL).
WITH
modules_in_basis AS (
    SELECT *
    FROM fct_module
    WHERE CASE WHEN $basis = 'official' THEN official ELSE with_pending END
),
enrollment_rows AS (
    -- sdg_goals: the module's goals, joined by the macro
    SELECT *
    FROM enrollments_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
),
enrollment_goals AS (
    -- one row per enrollment, or per (enrollment, SDG) only when SDGs are asked for
    SELECT *, NULL::INTEGER AS goal
    FROM enrollment_rows
    WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
    UNION ALL
    SELECT *, unnest(coalesce(sdg_goals, [])) AS goal
    FROM enrollment_rows
    WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
),
learner_facts AS (
    -- one row per learner (and SDG), grouped on integers. A learner belongs to one partner,
    -- so distinct-learner counts become plain counts in the next step.
    SELECT learner_no, goal,
        any_value(partner_code) AS partner_code,
        bool_or(in_enrolled_window) AS enrolled,
        bool_or(in_enrolled_window AND gender = 'F') AS enrolled_f,
        bool_or(in_enrolled_window AND gender IN ('F', 'M', 'X')) AS enrolled_fmx,
        bool_or(in_completed_window) AS completed,
        bool_or(in_completed_window AND learner_type = 'academic_staff') AS completed_staff,
        count(*) FILTER (WHERE in_completed_window AND credential_issued) AS credentials,
        sum(ects_earned) FILTER (WHERE in_completed_window) AS ects
    FROM enrollment_goals
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
    GROUP BY learner_no, goal
),
enrollment_counts AS (
    -- enrolment facts by enrolled_on, completion facts by completed_on
    SELECT
        CASE $by WHEN 'sdg' THEN l.goal::VARCHAR ELSE l.partner_code END AS scope_key,
        count(*) FILTER (WHERE enrolled)::DOUBLE AS "ENR-1",
        count(*) FILTER (WHERE completed)::DOUBLE AS "ENR-2",
        sum(credentials)::DOUBLE AS "ENR-3",
        count(*) FILTER (WHERE enrolled_f)::DOUBLE AS "ENR-4-F",
        count(*) FILTER (WHERE enrolled_fmx)::DOUBLE AS "ENR-4-FMX",
        count(*) FILTER (WHERE completed_staff)::DOUBLE AS "ENR-5",
        coalesce(sum(ects), 0)::DOUBLE AS "ENR-6"
    FROM learner_facts AS l
    GROUP BY scope_key
),
module_scoped AS (
    SELECT *,
        CASE $by WHEN 'sdg' THEN goal::VARCHAR ELSE lead_partner_code END AS scope_key
    FROM (
        SELECT *, NULL::INTEGER AS goal FROM modules_in_basis
        WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
        UNION ALL
        SELECT *, unnest(sdg_goals) AS goal FROM modules_in_basis
        WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
    )
    WHERE ($partner::VARCHAR IS NULL OR lead_partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR goal = $sdg)
),
module_counts AS (
    SELECT scope_key,
        count(DISTINCT module_code) FILTER (WHERE is_developed)::DOUBLE AS "MOD-1",
        count(DISTINCT module_code) FILTER (WHERE is_accredited_mc)::DOUBLE AS "MOD-2"
    FROM module_scoped
    GROUP BY scope_key
),
activity_rows AS (
    SELECT *
    FROM activities_in_scope($basis, NULL, $partner, $country, $sdg, $date_from, $date_to)
),
activity_scoped AS (
    SELECT *,
        CASE $by WHEN 'sdg' THEN goal::VARCHAR ELSE partner_code END AS scope_key
    FROM (
        SELECT *, NULL::INTEGER AS goal FROM activity_rows
        WHERE NOT ($by = 'sdg' OR $sdg::INTEGER IS NOT NULL)
        UNION ALL
        SELECT *, unnest(coalesce(sdg_goals, [])) AS goal FROM activity_rows
        WHERE $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
    )
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
activity_sums AS (
    SELECT scope_key,
        count(*)::DOUBLE AS "DIS-1",
        coalesce(sum(participants) FILTER (WHERE is_event), 0)::DOUBLE AS "DIS-2",
        coalesce(sum(reach), 0)::DOUBLE AS "DIS-3",
        count(*) FILTER (WHERE is_policy_engagement)::DOUBLE AS "DIS-4"
    FROM activity_scoped
    GROUP BY scope_key
),
long_form AS (
    UNPIVOT enrollment_counts ON "ENR-1", "ENR-2", "ENR-3", "ENR-4-F", "ENR-4-FMX", "ENR-5", "ENR-6"
        INTO NAME code VALUE actual
    UNION ALL
    UNPIVOT module_counts ON "MOD-1", "MOD-2" INTO NAME code VALUE actual
    UNION ALL
    UNPIVOT activity_sums ON "DIS-1", "DIS-2", "DIS-3", "DIS-4" INTO NAME code VALUE actual
)
SELECT scope_key, code, actual FROM long_form ORDER BY scope_key, code
