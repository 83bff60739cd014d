-- When the warehouse was built, from which ledger position, and how its checks went.
SELECT built_at, ledger_position, as_of, seconds, rows, checks_run, checks_failed
FROM build_info
