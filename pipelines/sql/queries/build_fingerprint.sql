-- How the warehouse was made: the fingerprint of its settings and SQL, the ledger position
-- it was built at, and when (pipelines/metrics/freshness.py compares them).
SELECT fingerprint, ledger_position, built_at
FROM build_info
ORDER BY built_at DESC
LIMIT 1
