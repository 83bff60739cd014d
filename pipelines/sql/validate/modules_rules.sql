-- Rules of the modules template that involve more than one cell or other submissions.
-- Over lv_work: p_<column> is the typed cell, n_<column> is true when the cell is blank.
-- Columns: _row, col, rule, detail (the caller adds the value as written).

-- The EU standard's mandatory elements of a micro-credential.
SELECT _row, 'learning_outcomes' AS col, 'required_when' AS rule, NULL AS detail
FROM lv_work WHERE p_micro_credential AND n_learning_outcomes
UNION ALL
SELECT _row, 'assessment_type', 'required_when', NULL
FROM lv_work WHERE p_micro_credential AND n_assessment_type
UNION ALL
SELECT _row, 'quality_assurance', 'required_when', NULL
FROM lv_work WHERE p_micro_credential AND n_quality_assurance
UNION ALL
-- module_code is unique in the file: every later row is reported.
SELECT w._row, 'module_code', 'duplicate', CAST(d.first_row AS VARCHAR)
FROM lv_work AS w
JOIN (
    SELECT p_module_code, min(_row) AS first_row
    FROM lv_work WHERE p_module_code IS NOT NULL
    GROUP BY p_module_code HAVING count(*) > 1
) AS d USING (p_module_code)
WHERE w._row > d.first_row
UNION ALL
-- A module belongs to its lead partner: another partner cannot register the same code.
SELECT w._row, 'module_code', 'module_taken', min(k.lead_partner_code)
FROM lv_work AS w
JOIN lv_known_leads AS k ON k.module_code = w.p_module_code
WHERE w.p_lead_partner_code IS NOT NULL AND k.lead_partner_code <> w.p_lead_partner_code
GROUP BY w._row
