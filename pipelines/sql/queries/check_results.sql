-- The declared data checks of the last build, failures first.
SELECT model, "check", columns, status, failing_rows, detail
FROM check_result
ORDER BY status = 'pass', model, "check", columns
