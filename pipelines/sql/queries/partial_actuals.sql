-- The actual value of every indicator per partner (or per SDG goal), read from the
-- materialised partials instead of the facts: the same sums as marts/indicator_actuals.sql
-- for a whole period (or the whole project) on approved data, the requests a page makes most.
-- Parameters: $period_id ('ALL' or a period), $by ('partner' | 'sdg'), $partner, $country,
--   $sdg (each NULL for no filter).
-- Returns (scope_key, code, actual, base), as indicator_actuals.sql does.
SELECT
    CASE $by WHEN 'sdg' THEN p.scope_key ELSE p.partner_code END AS scope_key,
    p.code,
    coalesce(sum(p.actual), 0)::DOUBLE AS actual,
    sum(p.base)::DOUBLE AS base
FROM mart_partial AS p
JOIN dim_partner AS d ON d.partner_code = p.partner_code
WHERE p.period_id = $period_id
  AND p.sql_by = CASE WHEN $by = 'sdg' OR $sdg::INTEGER IS NOT NULL THEN 'sdg' ELSE 'partner' END
  AND ($sdg::INTEGER IS NULL OR p.scope_key = $sdg::INTEGER::VARCHAR)
  AND ($partner::VARCHAR IS NULL OR p.partner_code = $partner)
  AND ($country::VARCHAR IS NULL OR d.country = $country)
GROUP BY ALL
ORDER BY scope_key, code
