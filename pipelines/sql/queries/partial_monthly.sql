-- Monthly increments of one indicator, read from the materialised partials: the same sums as
-- queries/indicator_monthly.sql for a whole period (or the whole project) on approved data.
-- Parameters: $period_id, $code, $partner, $country, $sdg (each NULL for no filter).
-- Returns (month DATE, value DOUBLE, base DOUBLE).
SELECT
    p.month,
    coalesce(sum(p.actual), 0)::DOUBLE AS value,
    sum(p.base)::DOUBLE AS base
FROM mart_partial AS p
JOIN dim_partner AS d ON d.partner_code = p.partner_code
WHERE p.period_id = $period_id
  AND p.code = $code
  AND p.month IS NOT NULL
  AND p.sql_by = CASE WHEN $sdg::INTEGER IS NULL THEN 'partner' ELSE 'sdg' END
  AND ($sdg::INTEGER IS NULL OR p.scope_key = $sdg::INTEGER::VARCHAR)
  AND ($partner::VARCHAR IS NULL OR p.partner_code = $partner)
  AND ($country::VARCHAR IS NULL OR d.country = $country)
GROUP BY 1
ORDER BY 1
