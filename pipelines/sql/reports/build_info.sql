-- Which ledger position the warehouse was built at, and when.
SELECT ledger_position, built_at FROM build_info
