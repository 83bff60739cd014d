-- One row per module and basis version (official / including pending), with the lead
-- partner's country. A module code belongs to one lead partner (enforced at ingest).
CREATE TABLE fct_module AS
WITH modules AS (
    SELECT * FROM stg_modules
),
with_partner AS (
    SELECT m.*, p.country AS partner_country, p.region
    FROM modules AS m
    JOIN dim_partner AS p ON p.partner_code = m.lead_partner_code
),
final AS (
    SELECT
        module_code, title, lead_partner_code, partner_country, region, partner_codes,
        work_package, list_sort(sdg_goals) AS sdg_goals, ects, eqf_level, language,
        delivery_mode, status, micro_credential, learning_outcomes, assessment_type,
        quality_assurance, available_from, catalog_url, title_ru, title_kk, title_uz,
        learning_outcomes_ru, learning_outcomes_kk, learning_outcomes_uz, isced_field,
        entry_requirements,
        status IN (SELECT value FROM ref_vocabulary WHERE name = 'developed_module_statuses')
            AS is_developed,
        micro_credential
            AND status IN (
                SELECT value FROM ref_vocabulary WHERE name = 'accredited_module_statuses'
            ) AS is_accredited_mc,
        official, with_pending, submission_id, source_row
    FROM with_partner
)
SELECT * FROM final ORDER BY module_code, submission_id;
