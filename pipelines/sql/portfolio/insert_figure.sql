INSERT INTO figures (package_id, measure, sdg, country, period, value, status, target, expected)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
