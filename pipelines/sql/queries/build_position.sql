-- The build record of a warehouse made before the fingerprint was recorded.
SELECT NULL AS fingerprint, ledger_position, built_at
FROM build_info
ORDER BY built_at DESC
LIMIT 1
