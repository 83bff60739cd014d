-- Load a CSV file as text cells, exactly as written. The header (line 1) was read by the
-- caller, which names the columns; blank lines are absent (DuckDB would skip them), so the
-- insertion order (rowid) is the Excel row number minus 2.
CREATE OR REPLACE TEMP TABLE {cells} AS
SELECT *
FROM read_csv(
    $path,
    header = false,
    skip = 1,
    delim = $delim,
    quote = '"',
    escape = '"',
    columns = $columns,
    auto_detect = false
)
