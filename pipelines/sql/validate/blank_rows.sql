-- Rows whose every cell is empty or whitespace: Excel shows them, the submission drops them.
-- A cell can only be blank if it is NULL or starts with whitespace (ASCII <= 32, or NBSP and
-- the like beyond ASCII), so trim() runs on almost no cell.
-- {row}: the Excel row expression; {named}: the star expression selecting the cell columns.
CREATE OR REPLACE TEMP TABLE {blank} AS
SELECT CAST({row} AS INTEGER) AS _row
FROM {cells}
WHERE (
    COLUMNS({named}) IS NULL
    OR (
        (ascii(COLUMNS({named})) <= 32 OR ascii(COLUMNS({named})) > 127)
        AND trim(
            COLUMNS({named}),
            ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)
            || chr(8199) || chr(8201) || chr(8203) || chr(65279)
        ) = ''
    )
)
