-- Actual value of every indicator of data contract v1, grouped by one dimension.
-- The single definition used by the CLI, the dashboard, the reports and the marts.
-- Parameters (all bound):
--   $basis      'official' (approved data) or 'with_pending' (approved + pending uploads)
--   $partner    partner code or NULL          $country  ISO2 of the partner's country or NULL
--   $sdg        goal number or NULL           $date_from, $date_to  DATE window or NULL
--   $by         'all' | 'partner' | 'country' | 'region' | 'sdg'
-- Dates: enrollment facts by enrolled_on, completion facts by completed_on, activities by
-- date; module indicators are a current count and ignore the window.
-- Returns (scope_key, code, actual); a missing row means no fact (the caller fills 0 / NULL).
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
modules_in_basis AS (
    SELECT *
    FROM fct_module
    WHERE CASE WHEN $basis = 'official' THEN official ELSE with_pending END
),
enrollment_rows AS (
    SELECT e.*, m.sdg_goals
    FROM fct_enrollment AS e
    LEFT JOIN modules_in_basis AS m USING (module_code)
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND ($partner::VARCHAR IS NULL OR e.partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR e.partner_country = $country)
),
enrollment_goals AS (
    -- one row per enrollment, or per (enrollment, SDG) when SDGs are asked for
    SELECT *, unnest(CASE WHEN $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
                          THEN coalesce(sdg_goals, []) ELSE [NULL::INTEGER] END) AS goal
    FROM enrollment_rows
),
enrollment_scoped AS (
    SELECT *,
        CASE $by WHEN 'partner' THEN partner_code WHEN 'country' THEN partner_country
                 WHEN 'region' THEN region WHEN 'sdg' THEN goal::VARCHAR ELSE 'all' END AS scope_key
    FROM enrollment_goals
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
enrolled AS (
    SELECT scope_key,
        count(DISTINCT learner_no)::DOUBLE AS "ENR-1",
        round(100.0 * count(DISTINCT learner_no) FILTER (WHERE gender = 'F')
              / nullif(count(DISTINCT learner_no) FILTER (WHERE gender IN ('F', 'M', 'X')), 0), 1)
            AS "ENR-4"
    FROM enrollment_scoped, window_bounds
    WHERE enrolled_on BETWEEN lo AND hi
    GROUP BY scope_key
),
completed AS (
    SELECT scope_key,
        count(DISTINCT learner_no)::DOUBLE AS "ENR-2",
        count(*) FILTER (WHERE credential_issued)::DOUBLE AS "ENR-3",
        count(DISTINCT learner_no) FILTER (WHERE learner_type = 'academic_staff')::DOUBLE AS "ENR-5",
        coalesce(sum(ects_earned), 0)::DOUBLE AS "ENR-6"
    FROM enrollment_scoped, window_bounds
    WHERE is_completed AND completed_on BETWEEN lo AND hi
    GROUP BY scope_key
),
module_scoped AS (
    SELECT *,
        CASE $by WHEN 'partner' THEN lead_partner_code WHEN 'country' THEN partner_country
                 WHEN 'region' THEN region WHEN 'sdg' THEN goal::VARCHAR ELSE 'all' END AS scope_key
    FROM (
        SELECT *, unnest(CASE WHEN $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
                              THEN sdg_goals ELSE [NULL::INTEGER] END) AS goal
        FROM modules_in_basis
        WHERE ($partner::VARCHAR IS NULL OR lead_partner_code = $partner)
          AND ($country::VARCHAR IS NULL OR partner_country = $country)
    )
    WHERE $sdg::INTEGER IS NULL OR goal = $sdg
),
module_counts AS (
    SELECT scope_key,
        count(DISTINCT module_code) FILTER (WHERE is_developed)::DOUBLE AS "MOD-1",
        count(DISTINCT module_code) FILTER (WHERE is_accredited_mc)::DOUBLE AS "MOD-2"
    FROM module_scoped
    GROUP BY scope_key
),
activity_scoped AS (
    SELECT *,
        CASE $by WHEN 'partner' THEN partner_code WHEN 'country' THEN partner_country
                 WHEN 'region' THEN region WHEN 'sdg' THEN goal::VARCHAR ELSE 'all' END AS scope_key
    FROM (
        SELECT *, unnest(CASE WHEN $by = 'sdg' OR $sdg::INTEGER IS NOT NULL
                              THEN coalesce(sdg_goals, []) ELSE [NULL::INTEGER] END) AS goal
        FROM fct_activity, window_bounds
        WHERE (CASE WHEN $basis = 'official' THEN official ELSE with_pending END)
          AND ($partner::VARCHAR IS NULL OR partner_code = $partner)
          AND ($country::VARCHAR IS NULL OR partner_country = $country)
          AND date BETWEEN lo AND hi
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
    UNPIVOT enrolled ON "ENR-1", "ENR-4" INTO NAME code VALUE actual
    UNION ALL
    UNPIVOT completed ON "ENR-2", "ENR-3", "ENR-5", "ENR-6" INTO NAME code VALUE actual
    UNION ALL
    UNPIVOT module_counts ON "MOD-1", "MOD-2" INTO NAME code VALUE actual
    UNION ALL
    UNPIVOT activity_sums ON "DIS-1", "DIS-2", "DIS-3", "DIS-4" INTO NAME code VALUE actual
)
SELECT scope_key, code, actual FROM long_form ORDER BY scope_key, code
