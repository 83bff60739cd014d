-- Rows each partner has in the warehouse now, per template: approved, and including pending.
-- Parameters (all bound): $partners (VARCHAR[]).
WITH counted AS (
    SELECT 'modules' AS template, lead_partner_code AS partner_code,
           count(*) FILTER (WHERE official) AS approved_rows,
           count(*) FILTER (WHERE with_pending) AS rows_with_pending
    FROM fct_module GROUP BY lead_partner_code
    UNION ALL
    SELECT 'enrollments', partner_code,
           count(*) FILTER (WHERE official), count(*) FILTER (WHERE with_pending)
    FROM fct_enrollment GROUP BY partner_code
    UNION ALL
    SELECT 'dissemination', partner_code,
           count(*) FILTER (WHERE official), count(*) FILTER (WHERE with_pending)
    FROM fct_activity GROUP BY partner_code
)
SELECT template, partner_code, approved_rows, rows_with_pending
FROM counted
WHERE list_contains($partners::VARCHAR[], partner_code)
