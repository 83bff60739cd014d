SELECT measure, sdg, country, period, value, status, target, expected
FROM figures WHERE package_id = ? ORDER BY measure, sdg, country, period
