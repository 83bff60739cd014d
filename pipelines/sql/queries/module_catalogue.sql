-- The micro-credential catalogue: every module with the elements of the EU standard
-- (Council Recommendation of 16 June 2022) and its funnel in the window: enrollments
-- (enrolled_on), completions and credentials (completed_on).
-- Parameters (all bound): $basis, $partner, $country, $sdg, $work_package, $date_from,
--   $date_to, $partners (VARCHAR[]: lead partners the viewer may see), $search (text or NULL),
--   $statuses, $modes (VARCHAR[] or NULL = any), $micro_only (BOOLEAN).
-- Returns one row per module, ordered by module code.
WITH
window_bounds AS (
    SELECT coalesce($date_from::DATE, DATE '0001-01-01') AS lo,
           coalesce($date_to::DATE, DATE '9999-12-31') AS hi
),
modules AS (
    SELECT m.*, p.name AS awarding_body, c.name AS country_name
    FROM modules_in_scope($basis, coalesce($partners::VARCHAR[], []), $partner, $country, $sdg)
        AS m
    JOIN dim_partner AS p ON p.partner_code = m.lead_partner_code
    JOIN dim_country AS c ON c.iso2 = m.partner_country
    WHERE ($work_package::VARCHAR IS NULL OR m.work_package = $work_package)
      AND ($statuses::VARCHAR[] IS NULL OR list_contains($statuses::VARCHAR[], m.status))
      AND ($modes::VARCHAR[] IS NULL OR list_contains($modes::VARCHAR[], m.delivery_mode))
      AND (NOT $micro_only::BOOLEAN OR m.micro_credential)
      AND ($search::VARCHAR IS NULL
           OR m.module_code ILIKE '%' || $search || '%'
           OR concat_ws(' ', m.title, m.title_ru, m.title_kk, m.title_uz) ILIKE '%' || $search || '%'
           OR concat_ws(' ', m.learning_outcomes, m.learning_outcomes_ru, m.learning_outcomes_kk,
                        m.learning_outcomes_uz) ILIKE '%' || $search || '%'
           OR p.name ILIKE '%' || $search || '%')
),
enrollment_rows AS (
    SELECT e.module_code, e.learner_no, e.enrolled_on, e.completed_on, e.is_completed,
           e.credential_issued
    FROM fct_enrollment AS e
    WHERE (CASE WHEN $basis = 'official' THEN e.official ELSE e.with_pending END)
      AND e.module_code IN (SELECT module_code FROM modules)
),
funnel AS (
    SELECT module_code,
           count(*) FILTER (WHERE enrolled_on BETWEEN lo AND hi) AS enrolled,
           count(*) FILTER (WHERE is_completed AND completed_on BETWEEN lo AND hi) AS completed,
           count(*) FILTER (WHERE is_completed AND credential_issued
                            AND completed_on BETWEEN lo AND hi) AS credentials
    FROM enrollment_rows, window_bounds
    GROUP BY module_code
)
SELECT
    m.module_code, m.title, m.awarding_body, m.lead_partner_code, m.partner_country,
    m.country_name, m.partner_codes, m.work_package, m.sdg_goals, m.ects, m.eqf_level,
    m.learning_outcomes, m.assessment_type, m.delivery_mode, m.quality_assurance, m.language,
    m.status, m.micro_credential, m.available_from, m.catalog_url, m.title_ru, m.title_kk,
    m.title_uz, m.learning_outcomes_ru, m.learning_outcomes_kk, m.learning_outcomes_uz,
    m.isced_field, m.entry_requirements, m.is_accredited_mc, m.is_developed,
    coalesce(f.enrolled, 0) AS enrolled,
    coalesce(f.completed, 0) AS completed,
    coalesce(f.credentials, 0) AS credentials
FROM modules AS m
LEFT JOIN funnel AS f USING (module_code)
ORDER BY m.module_code
