-- National figures (whole country, no region) of the given national indicators, oldest first.
-- Parameters: $indicators  list of indicator codes ('7.1.1', ...)
SELECT country, indicator, series, disaggregation, unit, unit_code, source, licence,
    year, year_end, value
FROM ctx_national
WHERE region = '' AND list_contains($indicators, indicator)
ORDER BY country, indicator, series, disaggregation, year, year_end;
