-- Indicator figures precomputed at build time by indicators.compute (approved data, as of
-- the build date): the rows of one breakdown and period for the given scopes.
-- Parameters (all bound): $breakdown, $period ('ALL' | a period id), $scopes (VARCHAR[]),
--   $as_of (DATE: only rows computed for this reporting date).
SELECT scope, code, actual, target, expected, progress, status
FROM mart_indicator_progress
WHERE breakdown = $breakdown
  AND period_id = $period
  AND list_contains($scopes::VARCHAR[], scope)
  AND as_of = $as_of::DATE
