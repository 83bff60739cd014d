-- For which reporting date(s) the marts of the published warehouse hold figures: the
-- dashboard reads them only when they match today's request (and the build's fingerprint
-- matches today's settings, pipelines/metrics/freshness.py).
SELECT (SELECT list(DISTINCT as_of) FROM mart_indicator_progress) AS as_of
