-- The module rows behind one indicator's figure, within the viewer's partners: appended to
-- _facts.sql made with records (pipelines/metrics/facts.py), whose facts name the row they
-- come from in lead_partner_code. Each listed row carries what it adds to the figure
-- (counted, and base: a share's denominator), summed from the indicator's own facts; a
-- module counted once lists one of its rows.
-- Parameters (all bound): those of _facts.sql, and $partners (VARCHAR[]).
SELECT
    r.submission_id, r.record_partner AS partner_code, r.source_row, r.module_code, r.title,
    r.status, r.micro_credential, f.counted, f.base
FROM (
    SELECT partner_code AS record, sum(value)::DOUBLE AS counted, sum(base)::DOUBLE AS base
    FROM facts
    GROUP BY partner_code
) AS f
JOIN module_rows AS r ON r.lead_partner_code = f.record
ORDER BY partner_code, r.submission_id, r.source_row
