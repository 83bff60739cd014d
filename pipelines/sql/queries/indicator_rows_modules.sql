-- The module rows behind MOD-1 (developed) or MOD-2 (accredited micro-credentials), within
-- the viewer's partners; a module counts once (counted 1 on its first row).
-- Parameters (all bound): $code, $basis, $partners (VARCHAR[]), $partner, $country, $sdg.
WITH modules AS (
    SELECT *
    FROM fct_module
    WHERE CASE WHEN $basis = 'official' THEN official ELSE with_pending END
      AND list_contains($partners::VARCHAR[], lead_partner_code)
      AND ($partner::VARCHAR IS NULL OR lead_partner_code = $partner)
      AND ($country::VARCHAR IS NULL OR partner_country = $country)
      AND ($sdg::INTEGER IS NULL OR list_contains(sdg_goals, $sdg::INTEGER))
      AND CASE $code WHEN 'MOD-1' THEN is_developed WHEN 'MOD-2' THEN is_accredited_mc END
)
SELECT
    submission_id, lead_partner_code AS partner_code, source_row, module_code, title, status,
    micro_credential,
    (row_number() OVER (PARTITION BY module_code ORDER BY submission_id, source_row) = 1)
        ::INTEGER::DOUBLE AS counted
FROM modules
ORDER BY partner_code, submission_id, source_row
