-- Per partner and template (every pair, in the order given): rows in the warehouse now
-- (approved; NULL when the partner has none of that template), the submissions sent, the
-- last upload, and how many are pending, superseded or returned.
-- Parameters (all bound): $partners (VARCHAR[]), $templates (VARCHAR[]).
WITH grid AS (
    SELECT partner_code, template
    FROM (SELECT unnest($partners::VARCHAR[]) AS partner_code)
    CROSS JOIN (SELECT unnest($templates::VARCHAR[]) AS template)
),
sent AS (
    SELECT s.template, unnest(s.partners) AS partner_code, s.received_at, s.state
    FROM ledger_submission AS s
),
history AS (
    SELECT template, partner_code,
           count(*) AS submissions,
           max(received_at) AS last_upload,
           count(*) FILTER (WHERE state = 'pending') AS pending,
           count(*) FILTER (WHERE state = 'superseded') AS superseded,
           count(*) FILTER (WHERE state = 'returned') AS returned
    FROM sent
    WHERE list_contains($partners::VARCHAR[], partner_code)
    GROUP BY template, partner_code
),
counted AS (
    SELECT 'modules' AS template, lead_partner_code AS partner_code,
           count(*) FILTER (WHERE official) AS approved_rows
    FROM fct_module GROUP BY lead_partner_code
    UNION ALL
    SELECT 'enrollments', partner_code, count(*) FILTER (WHERE official)
    FROM fct_enrollment GROUP BY partner_code
    UNION ALL
    SELECT 'dissemination', partner_code, count(*) FILTER (WHERE official)
    FROM fct_activity GROUP BY partner_code
)
SELECT g.partner_code, g.template, c.approved_rows,
       coalesce(h.submissions, 0) AS submissions, h.last_upload,
       coalesce(h.pending, 0) AS pending,
       coalesce(h.superseded, 0) AS superseded,
       coalesce(h.returned, 0) AS returned
FROM grid AS g
LEFT JOIN history AS h USING (partner_code, template)
LEFT JOIN counted AS c USING (partner_code, template)
ORDER BY list_position($partners::VARCHAR[], g.partner_code),
         list_position($templates::VARCHAR[], g.template)
