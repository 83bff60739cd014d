-- The submissions behind a report: each scope partner's current submission per template,
-- in the report's basis. Only the scope's partners are named in the partner list.
-- Parameters (all bound): $basis, $partners (list of partner codes).
WITH
current AS (
    SELECT DISTINCT submission_id
    FROM current_pair
    WHERE (CASE WHEN $basis = 'official' THEN official ELSE with_pending END)
      AND list_contains($partners, partner_code)
)
SELECT s.submission_id, s.template, s.file_name, s.sha256,
       list_sort(list_intersect(s.partners, $partners)) AS partners, s.row_count,
       s.received_at, s.state
FROM ledger_submission AS s
JOIN current USING (submission_id)
ORDER BY s.submission_id
