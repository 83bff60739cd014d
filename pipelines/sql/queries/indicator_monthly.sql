-- Monthly increments of one indicator, for the cumulative-progress chart: the same facts as
-- its actual value (this file is appended to indicators/_facts.sql), summed by the month of
-- their day, so that the running sum up to a month is the indicator at that month's end.
-- A share comes as its two sums (value, base). Current counts (no day) have no months.
-- Parameters: those of _facts.sql, and $code (the indicator asked for).
-- Returns (month DATE, value DOUBLE, base DOUBLE).
SELECT date_trunc('month', day)::DATE AS month,
       coalesce(sum(value), 0)::DOUBLE AS value,
       sum(base)::DOUBLE AS base
FROM facts
WHERE code = $code AND day IS NOT NULL
GROUP BY 1
ORDER BY 1
