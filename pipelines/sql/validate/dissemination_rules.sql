-- Rules of the dissemination template that involve more than one cell.
-- Columns: _row, col, value (as written), rule, detail. Parsed cells are p_<column>.

-- (partner_code, activity_id) is unique in the file.
SELECT w._row, 'activity_id' AS col, w.activity_id AS value, 'duplicate' AS rule,
       CAST(d.first_row AS VARCHAR) AS detail
FROM lv_work AS w
JOIN (
    SELECT p_partner_code, p_activity_id, min(_row) AS first_row
    FROM lv_work
    WHERE p_partner_code IS NOT NULL AND p_activity_id IS NOT NULL
    GROUP BY p_partner_code, p_activity_id HAVING count(*) > 1
) AS d USING (p_partner_code, p_activity_id)
WHERE w._row > d.first_row
