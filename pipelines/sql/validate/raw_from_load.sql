-- Trim every cell (spaces, tabs, line breaks; also NBSP, narrow NBSP, figure and thin spaces,
-- zero-width space and BOM, which come from Excel and web copies), turn '' into NULL and keep
-- the Excel row number in _row. The test before trim() lets the plain ASCII cells without
-- edge whitespace (nearly all) through without copying them.
-- {row}: the Excel row expression; {cells}: the star expression selecting the cell columns.
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT
    CAST({row} AS INTEGER) AS _row,
    NULLIF(
        CASE
            WHEN ascii(COLUMNS({cells})) <= 32
                OR strlen(COLUMNS({cells})) <> length(COLUMNS({cells}))
                OR ends_with(COLUMNS({cells}), ' ')
                OR ends_with(COLUMNS({cells}), E'\t')
                OR ends_with(COLUMNS({cells}), E'\n')
                OR ends_with(COLUMNS({cells}), E'\r')
                THEN trim(
                    COLUMNS({cells}),
                    ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)
                    || chr(8199) || chr(8201) || chr(8203) || chr(65279)
                )
            ELSE COLUMNS({cells})
        END,
        ''
    )
FROM lv_load;

-- Fully blank rows are dropped; the others keep their row numbers.
DELETE FROM {table}
WHERE _row IN (SELECT _row FROM {table} WHERE COLUMNS(* EXCLUDE (_row)) IS NULL);
