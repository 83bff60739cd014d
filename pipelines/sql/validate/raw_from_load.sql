-- The raw table as callers see it: a view over the loaded cells, so a million rows are not
-- copied once more before validation reads them. Every cell is trimmed (spaces, tabs, line
-- breaks; also NBSP, narrow NBSP, figure and thin spaces, zero-width space and BOM, which
-- come from Excel and web copies), '' becomes NULL, _row is the Excel row number. The test
-- before trim() lets plain ASCII cells without edge whitespace (nearly all) through as they are:
-- trim() can change only a cell whose first or last character is a space, tab or line break
-- (code 32 or below) or that is not plain ASCII (strlen, its bytes, differs from length, its
-- characters; then the last byte is not the last character, and trim() decides).
-- {row}: the Excel row expression; {named}: the star expression selecting the named columns;
-- {keep}: the filter dropping blank rows.
CREATE OR REPLACE TEMP VIEW {table} AS
SELECT
    _row,
    NULLIF(
        CASE
            WHEN ascii(COLUMNS(* EXCLUDE (_row))) <= 32
                OR strlen(COLUMNS(* EXCLUDE (_row))) <> length(COLUMNS(* EXCLUDE (_row)))
                OR ascii(substring(
                    COLUMNS(* EXCLUDE (_row)), strlen(COLUMNS(* EXCLUDE (_row))), 1
                )) <= 32
                THEN trim(
                    COLUMNS(* EXCLUDE (_row)),
                    ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)
                    || chr(8199) || chr(8201) || chr(8203) || chr(65279)
                )
            ELSE COLUMNS(* EXCLUDE (_row))
        END,
        ''
    )
FROM (SELECT CAST({row} AS INTEGER) AS _row, COLUMNS({named}) FROM {cells})
{keep}
