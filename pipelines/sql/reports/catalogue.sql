-- The modules / micro-credentials catalogue of a report's scope (current, not by period:
-- module indicators are a current count). A module belongs to its lead partner.
-- Parameters (all bound): $basis, $partner, $country, $sdg.
WITH
modules AS (
    SELECT m.*
    FROM modules_in_scope($basis, NULL, $partner, $country, $sdg) AS m
)
SELECT m.module_code, m.title, m.lead_partner_code, p.name AS awarding_body,
       m.partner_country AS country, coalesce(m.partner_codes, []) AS partner_codes,
       m.work_package, coalesce(m.sdg_goals, []) AS sdg_goals, m.ects, m.eqf_level,
       coalesce(m.language, []) AS language, m.delivery_mode, m.status, m.micro_credential,
       m.learning_outcomes, m.assessment_type, m.quality_assurance,
       strftime(m.available_from, '%Y-%m-%d') AS available_from, m.catalog_url,
       m.title_ru, m.title_kk, m.title_uz, m.learning_outcomes_ru, m.learning_outcomes_kk,
       m.learning_outcomes_uz, m.isced_field, m.entry_requirements, m.is_accredited_mc,
       m.is_developed
FROM modules AS m
JOIN dim_partner AS p ON p.partner_code = m.lead_partner_code
ORDER BY m.module_code
