-- Actual value of every indicator, per partner or per SDG: the sum of its facts in the
-- window (pipelines/sql/indicators/: this file is appended to _facts.sql, which ends with
-- the facts CTE). The single definition used by the CLI, the dashboard, the reports and the
-- marts. Per partner is enough for every other breakdown: a learner is a (partner, learner
-- id) pair, a module has one lead partner, an activity one partner, so consortium, country
-- and region figures are sums of partner figures (pipelines/metrics/indicators.py). A
-- share comes as its two sums (value, base) so that it can be added up too.
-- Parameters: those of _facts.sql. Returns (scope_key, code, actual, base); a missing row
-- means no fact (the caller fills 0 / NULL).
SELECT
    CASE $by WHEN 'sdg' THEN goal::VARCHAR ELSE partner_code END AS scope_key,
    code,
    coalesce(sum(value), 0)::DOUBLE AS actual,
    sum(base)::DOUBLE AS base
FROM facts
GROUP BY ALL
ORDER BY scope_key, code
