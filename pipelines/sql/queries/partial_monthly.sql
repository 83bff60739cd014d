-- Monthly increments of one indicator, read from the materialised partials: the same sums as
-- queries/indicator_monthly.sql for a whole period (or the whole project) on approved data.
-- Parameters: $period_id, $code, $partner, $country, $sdg (each NULL for no filter).
-- Returns (month DATE, value DOUBLE, base DOUBLE).
SELECT
    month,
    coalesce(sum(actual), 0)::DOUBLE AS value,
    sum(base)::DOUBLE AS base
FROM partials_in_scope($period_id, $sdg::INTEGER IS NOT NULL, $partner, $country, $sdg)
WHERE code = $code AND month IS NOT NULL
GROUP BY 1
ORDER BY 1
