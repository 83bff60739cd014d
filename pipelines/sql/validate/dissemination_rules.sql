-- Rules of the dissemination template that involve more than one cell.
-- Over lv_work: p_<column> is the typed cell, n_<column> is true when the cell is blank.
-- Columns: _row, col, rule, detail (the caller adds the value as written).

-- (partner_code, activity_id) is unique in the file, ids compared case-insensitively
-- (kzn-k1 and KZN-K1 are the same activity). Keys are grouped by their hash first (one
-- cheap pass), then compared exactly where two rows share a hash.
SELECT w._row, 'activity_id' AS col, 'duplicate' AS rule, CAST(d.first_row AS VARCHAR) AS detail
FROM (SELECT _row, p_partner_code AS k1, upper(p_activity_id) AS k2 FROM lv_work) AS w
JOIN (
    SELECT p_partner_code AS k1, upper(p_activity_id) AS k2, min(_row) AS first_row
    FROM lv_work
    WHERE hash(p_partner_code, upper(p_activity_id)) IN (
        SELECT hash(p_partner_code, upper(p_activity_id)) FROM lv_work
        WHERE p_partner_code IS NOT NULL AND p_activity_id IS NOT NULL
        GROUP BY 1 HAVING count(*) > 1
    )
    AND p_partner_code IS NOT NULL AND p_activity_id IS NOT NULL
    GROUP BY 1, 2 HAVING count(*) > 1
) AS d USING (k1, k2)
WHERE w._row > d.first_row
