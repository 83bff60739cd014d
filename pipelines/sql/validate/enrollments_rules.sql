-- Rules of the enrollments template that involve more than one cell or the known modules.
-- Over lv_work: p_<column> is the typed cell, n_<column> is true when the cell is blank.
-- Columns: _row, col, rule, detail (the caller adds the value as written).

-- completed_on is required if and only if status = completed, and not before enrolled_on.
SELECT _row, 'completed_on' AS col, 'required_when' AS rule, NULL AS detail
FROM lv_work WHERE p_status = 'completed' AND n_completed_on
UNION ALL
SELECT _row, 'completed_on', 'only_when_completed', p_status
FROM lv_work WHERE p_status <> 'completed' AND NOT n_completed_on
UNION ALL
SELECT _row, 'completed_on', 'completed_before_enrolled', strftime(p_enrolled_on, '%Y-%m-%d')
FROM lv_work WHERE p_completed_on < p_enrolled_on
UNION ALL
-- ECTS are earned by completing; never more than the module gives.
SELECT _row, 'ects_earned', 'ects_not_completed', p_status
FROM lv_work WHERE p_ects_earned > 0 AND p_status <> 'completed'
UNION ALL
SELECT w._row, 'ects_earned', 'ects_above_module', CAST(k.ects AS VARCHAR)
FROM lv_work AS w
JOIN lv_known_ects AS k ON k.module_code = w.p_module_code
WHERE w.p_ects_earned > k.ects
UNION ALL
-- A credential is issued for a completed module only.
SELECT _row, 'credential_issued', 'credential_not_completed', p_status
FROM lv_work WHERE p_credential_issued AND p_status <> 'completed'
UNION ALL
-- The module must be known: accepted before, or in the same upload batch.
SELECT w._row, 'module_code', 'unknown_module', NULL
FROM lv_work AS w
ANTI JOIN lv_known_ects AS k ON k.module_code = w.p_module_code
WHERE w.p_module_code IS NOT NULL
UNION ALL
-- (partner_code, learner_id, module_code) is unique in the file, learner ids compared
-- case-insensitively (s-1 and S-1 are the same learner). Keys are grouped by their hash
-- first (one cheap pass), then compared exactly where two rows share a hash.
SELECT w._row, 'learner_id', 'duplicate', CAST(d.first_row AS VARCHAR)
FROM (
    SELECT _row, p_partner_code AS k1, upper(p_learner_id) AS k2, p_module_code AS k3
    FROM lv_work
) AS w
JOIN (
    SELECT p_partner_code AS k1, upper(p_learner_id) AS k2, p_module_code AS k3,
        min(_row) AS first_row
    FROM lv_work
    WHERE hash(p_partner_code, upper(p_learner_id), p_module_code) IN (
        SELECT hash(p_partner_code, upper(p_learner_id), p_module_code) FROM lv_work
        WHERE p_partner_code IS NOT NULL AND p_learner_id IS NOT NULL AND p_module_code IS NOT NULL
        GROUP BY 1 HAVING count(*) > 1
    )
    AND p_partner_code IS NOT NULL AND p_learner_id IS NOT NULL AND p_module_code IS NOT NULL
    GROUP BY 1, 2, 3 HAVING count(*) > 1
) AS d USING (k1, k2, k3)
WHERE w._row > d.first_row
