-- The actual value of every indicator per partner (or per SDG goal), read from the
-- materialised partials instead of the facts: the same sums as marts/indicator_actuals.sql
-- for a whole period (or the whole project) on approved data, the requests a page makes most.
-- Parameters: $period_id ('ALL' or a period), $by ('partner' | 'sdg'), $partner, $country,
--   $sdg (each NULL for no filter).
-- Returns (scope_key, code, actual, base), as indicator_actuals.sql does.
SELECT
    CASE $by WHEN 'sdg' THEN scope_key ELSE partner_code END AS scope_key,
    code,
    coalesce(sum(actual), 0)::DOUBLE AS actual,
    sum(base)::DOUBLE AS base
FROM partials_in_scope(
    $period_id, $by = 'sdg' OR $sdg::INTEGER IS NOT NULL, $partner, $country, $sdg
)
GROUP BY ALL
ORDER BY scope_key, code
