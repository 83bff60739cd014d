INSERT INTO workplan_events (
    item_kind, code, status, on_day, justification, evidence_name, evidence_sha256,
    evidence_bytes, evidence_type, evidence_path, evidence_url, at, by
) VALUES (
    :item_kind, :code, :status, :on_day, :justification, :evidence_name, :evidence_sha256,
    :evidence_bytes, :evidence_type, :evidence_path, :evidence_url, :at, :by
)
