-- National SDG context: one row per official national figure, with its source and licence.
-- A figure is identified by country, indicator, series, region, disaggregation and year.
CREATE TABLE ctx_national AS
SELECT
    upper(country) AS country,
    indicator,
    series,
    year,
    coalesce(year_end, year) AS year_end,
    coalesce(region, '') AS region,
    coalesce(region_label, '') AS region_label,
    coalesce(disaggregation, '') AS disaggregation,
    value,
    coalesce(unit, '') AS unit,
    coalesce(unit_code, '') AS unit_code,
    source,
    licence,
    imported_at
FROM src_context
WHERE value IS NOT NULL;
