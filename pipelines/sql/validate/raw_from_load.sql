-- Trim every cell (spaces, tabs, line breaks; also NBSP, narrow NBSP, figure and thin spaces,
-- zero-width space and BOM, which come from Excel and web copies), turn '' into NULL, drop
-- fully blank rows, and keep the Excel row number in _row. Plain ASCII cells without tabs or
-- line breaks (nearly all) take the cheap trim.
-- {row}: the Excel row expression; {cells}: the star expression selecting the cell columns.
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT * EXCLUDE (_any)
FROM (
    SELECT *, concat(*COLUMNS(* EXCLUDE (_row))) AS _any
    FROM (
        SELECT
            CAST({row} AS INTEGER) AS _row,
            NULLIF(
                CASE
                    WHEN strlen(COLUMNS({cells})) = length(COLUMNS({cells}))
                        AND NOT contains(COLUMNS({cells}), E'\t')
                        AND NOT contains(COLUMNS({cells}), E'\n')
                        AND NOT contains(COLUMNS({cells}), E'\r')
                        THEN trim(COLUMNS({cells}))
                    ELSE trim(
                        COLUMNS({cells}),
                        ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)
                        || chr(8199) || chr(8201) || chr(8203) || chr(65279)
                    )
                END,
                ''
            )
        FROM lv_load
    )
)
WHERE _any <> ''
