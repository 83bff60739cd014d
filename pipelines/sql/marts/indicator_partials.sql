-- Partial sums of every indicator per partner (and per SDG goal when $by = 'sdg') and per
-- month of the facts' day (NULL for a current count): indicator_actuals.sql kept apart by
-- partner and month. Every fact belongs to one partner, so a partner's partials change only
-- when its own rows (or the modules, whose SDGs its enrollments take) change: an
-- incremental build recomputes only those. Summed over months they are the actual values
-- (queries/partial_actuals.sql); summed by month, the trajectory
-- (queries/partial_monthly.sql). Parameters: those of _facts.sql, and $period_id.
-- Returns the columns of mart_partial.
SELECT
    $period_id AS period_id,
    $by AS sql_by,
    partner_code,
    CASE $by WHEN 'sdg' THEN goal::VARCHAR ELSE partner_code END AS scope_key,
    code,
    date_trunc('month', day)::DATE AS month,
    coalesce(sum(value), 0)::DOUBLE AS actual,
    sum(base)::DOUBLE AS base
FROM facts
GROUP BY ALL
