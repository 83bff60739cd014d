-- The submission history of the partners the viewer may see: one row per (submission,
-- partner), newest first. State is pending | approved | returned | superseded; file_rows
-- counts the whole file (all its partners).
-- Parameters (all bound): $partners (VARCHAR[]).
WITH per_partner AS (
    SELECT s.submission_id, s.template, unnest(s.partners) AS partner_code, s.row_count AS file_rows,
           s.file_name, s.received_at, s.submitted_by, s.channel, s.state, s.state_at,
           s.state_by, s.comment
    FROM ledger_submission AS s
)
SELECT *
FROM per_partner
WHERE list_contains($partners::VARCHAR[], partner_code)
ORDER BY received_at DESC, submission_id DESC, partner_code
