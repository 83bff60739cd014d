-- When the published warehouse was built and for which reporting date(s) its marts hold
-- figures: the dashboard reads the marts only when they match today's request.
SELECT (SELECT max(built_at) FROM build_info) AS built_at,
       (SELECT list(DISTINCT as_of) FROM mart_indicator_progress) AS as_of
