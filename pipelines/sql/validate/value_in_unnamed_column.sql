-- The first value standing under a header cell that has no name (columns listed in $blank).
SELECT _row, name, value
FROM (
    UNPIVOT (SELECT _row, COLUMNS(lambda c: list_contains($blank, c)) FROM {table})
    ON COLUMNS(* EXCLUDE (_row))
    INTO NAME name VALUE value
)
WHERE value IS NOT NULL
ORDER BY _row
LIMIT 1
