-- The materialised partials (marts/indicator_partials.sql) of a whole period ('ALL' or a
-- period id) on approved data, of a partner, a country and an SDG goal when asked for: per
-- partner (goals false) or per partner and goal (goals true: an SDG breakdown or filter).
-- Created by the build right after mart_partial (DuckDB binds a macro when it is made).
CREATE OR REPLACE MACRO partials_in_scope(period, goals, partner, country, sdg)
AS TABLE
    SELECT p.*
    FROM mart_partial AS p
    JOIN dim_partner AS d ON d.partner_code = p.partner_code
    WHERE p.period_id = period
      AND p.sql_by = CASE WHEN goals THEN 'sdg' ELSE 'partner' END
      AND (sdg::INTEGER IS NULL OR p.scope_key = sdg::INTEGER::VARCHAR)
      AND (partner::VARCHAR IS NULL OR p.partner_code = partner)
      AND (country::VARCHAR IS NULL OR d.country = country);
