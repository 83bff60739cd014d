-- The first value standing under a header cell that has no name (columns listed in $blank).
SELECT _row, name, value
FROM (
    UNPIVOT (SELECT CAST({row} AS INTEGER) AS _row, COLUMNS(lambda c: list_contains($blank, c)) FROM {cells})
    ON COLUMNS(* EXCLUDE (_row))
    INTO NAME name VALUE value
)
WHERE trim(
    value,
    ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)
    || chr(8199) || chr(8201) || chr(8203) || chr(65279)
) <> ''
ORDER BY _row
LIMIT 1
